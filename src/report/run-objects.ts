import type { Template } from '../k8s/objects.js';

/** An Argo node of a running Workflow, as the report reads it. */
export interface RunNode {
  readonly displayName?: string;
  readonly templateName?: string;
  readonly phase?: string;
  readonly message?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly children?: readonly string[];
  readonly outputs?: { readonly parameters?: readonly { name: string; value?: string }[] };
}

/** A Workflow (a run) as the report reads it: what the API server returns for one chaosflow run. */
export interface RunObject {
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly creationTimestamp?: string;
  };
  readonly spec?: {
    readonly templates?: readonly Template[];
    readonly activeDeadlineSeconds?: number;
    readonly shutdown?: string;
    readonly workflowTemplateRef?: { readonly name?: string };
  };
  readonly status?: {
    readonly phase?: string;
    readonly message?: string;
    readonly startedAt?: string;
    readonly finishedAt?: string;
    readonly nodes?: Readonly<Record<string, RunNode>>;
    readonly outputs?: { readonly parameters?: readonly { name: string; value?: string }[] };
    /** Argo keeps the templates of a run started from a WorkflowTemplate here. */
    readonly storedWorkflowTemplateSpec?: {
      readonly templates?: readonly Template[];
      readonly activeDeadlineSeconds?: number;
    };
  };
}

/** A probe's status in a ChaosResult. */
interface ResultProbe {
  readonly name: string;
  readonly type?: string;
  readonly mode?: string;
  readonly status?: { readonly verdict?: string; readonly description?: string };
}

/** A ChaosResult as litmus-go writes it (3.x). */
export interface ResultObject {
  readonly metadata: { readonly name: string };
  readonly status?: {
    readonly experimentStatus?: {
      readonly phase?: string;
      readonly verdict?: string;
      readonly probeSuccessPercentage?: string;
      readonly errorOutput?: { readonly errorCode?: string; readonly reason?: string };
      /** Litmus 2.x. */
      readonly failStep?: string;
    };
    readonly probeStatuses?: readonly ResultProbe[];
  };
}

/** A Kubernetes Event about an engine or a result. */
export interface EventObject {
  readonly involvedObject?: { readonly kind?: string; readonly name?: string };
  readonly reason?: string;
  readonly message?: string;
  readonly type?: string;
  readonly eventTime?: string | Date | null;
  readonly lastTimestamp?: string | Date | null;
  readonly firstTimestamp?: string | Date | null;
}
