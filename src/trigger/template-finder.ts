import type { TriggerCluster } from './cluster.js';
import { TriggerRefused } from './refusal.js';
import { type TriggerableTemplate, takesTargetParameters } from './triggered-workflow.js';

/** How long a list of WorkflowTemplates is reused. */
const CACHE_MS = 5_000;

/**
 * Finds the one WorkflowTemplate labelled `workflow_id=<id>` that takes its target from parameters. Lists
 * are cached for a few seconds, so a burst of changes for one experiment lists the templates once.
 */
export class TemplateFinder {
  private readonly cache = new Map<
    string,
    { readonly found: Promise<TriggerableTemplate[]>; readonly at: number }
  >();

  constructor(
    private readonly cluster: Pick<TriggerCluster, 'findTemplates'>,
    private readonly now: () => number,
  ) {}

  /** @throws {@link TriggerRefused} when there is none, several, or one with a fixed target. */
  async templateFor(workflowId: string): Promise<TriggerableTemplate> {
    const templates = await this.labelled(workflowId);
    const [template] = templates;
    if (template === undefined) {
      throw new TriggerRefused('no-template', `no WorkflowTemplate is labelled workflow_id=${workflowId}`);
    }
    if (templates.length > 1) {
      const found = templates.map((t) => `${t.namespace}/${t.name}`).join(', ');
      throw new TriggerRefused(
        'several-templates',
        `several WorkflowTemplates are labelled workflow_id=${workflowId}: ${found}`,
      );
    }
    if (!takesTargetParameters(template)) {
      throw new TriggerRefused(
        'fixed-target',
        `WorkflowTemplate ${template.namespace}/${template.name} does not take its target from parameters (target.fromParameters)`,
      );
    }
    return template;
  }

  private labelled(workflowId: string): Promise<TriggerableTemplate[]> {
    const cached = this.cache.get(workflowId);
    if (cached !== undefined && this.now() - cached.at < CACHE_MS) return cached.found;
    const found = this.cluster.findTemplates(workflowId);
    this.cache.set(workflowId, { found, at: this.now() });
    found.catch(() => this.cache.delete(workflowId));
    return found;
  }
}
