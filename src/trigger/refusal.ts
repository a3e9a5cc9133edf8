/** Why a well-formed trigger cannot run as asked. */
export type RefusalReason =
  /** The target workload does not exist. */
  | 'no-workload'
  /** The target workload has not opted in as a chaos target. */
  | 'not-opted-in'
  /** The target workload has no selector label to aim Litmus at, and the request gave none. */
  | 'no-target-label'
  /** No WorkflowTemplate carries the experiment id. */
  | 'no-template'
  /** More than one WorkflowTemplate carries the experiment id. */
  | 'several-templates'
  /** The WorkflowTemplate has its target built in, so it cannot be pointed at the workload. */
  | 'fixed-target'
  /** The emergency stop is on: no run starts until it is lifted. */
  | 'emergency-stop';

/** A trigger that cannot run as asked, with why (for the caller to map: an HTTP status, a skip reason). */
export class TriggerRefused extends Error {
  override name = 'TriggerRefused';

  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A failure that may pass if the same call is made again later: the API server was unreachable, overloaded or
 * failing. Carries the original error as its cause.
 */
export class TransientError extends Error {
  override name = 'TransientError';
}
