/** A chaosflow run (an Argo Workflow) as the guardian sees it. */
export interface RunView {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  /** The `workflow_id` of its experiment. */
  readonly experiment: string;
  /** `status.phase`; none until Argo's controller has first seen the run. */
  readonly phase?: string;
  /** `spec.shutdown`, once someone or something stopped the run. */
  readonly shutdown?: string;
  /** Its abort conditions, as the annotation carries them; none for an unguarded run. */
  readonly conditions?: string;
  /** The guardian's answer on the run, once given. */
  readonly answer?: string;
  /** When it was created (`metadata.creationTimestamp`), in milliseconds since the epoch. */
  readonly created?: number;
  /** Whether it waits for a person's approval before anything else, and has not had it yet. */
  readonly awaitingApproval?: true;
  /** When its approval step ended, for a run that waits for one, in milliseconds since the epoch. */
  readonly approvedAt?: number;
}

/** Which run: enough to patch it and to record an Event about it. */
export type RunRef = Pick<RunView, 'namespace' | 'name' | 'uid'>;

const FINISHED_PHASES: readonly string[] = ['Succeeded', 'Failed', 'Error'];

/** Whether a run in this phase has finished (its exit handler included). */
export const isFinishedPhase = (phase: string | undefined): boolean => FINISHED_PHASES.includes(phase ?? '');

/** Whether Argo has finished the run (its exit handler included). */
export const isFinished = (run: RunView): boolean => isFinishedPhase(run.phase);

/** Whether the run still runs: it has neither ended nor been stopped. */
export const isRunning = (run: RunView): boolean => run.shutdown === undefined && !isFinished(run);
