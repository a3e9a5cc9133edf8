/**
 * The kill switch: a ConfigMap in the service's namespace that every replica of `chaosflow serve` watches.
 * `paused: "true"` pauses every trigger. `stop: "true"` is the emergency stop: every running chaosflow run in
 * scope is stopped (its exit handler reverts the chaos), triggers are paused, and any run that starts is stopped
 * at once, until the key is lifted; `stopReason` says why, for the runs' annotations and Events.
 */
export const KILL_SWITCH_KEYS = { paused: 'paused', stop: 'stop', stopReason: 'stopReason' } as const;

/** What the kill switch says now. */
export interface KillSwitchState {
  /** New triggers are paused (by `paused`, or by the emergency stop). */
  readonly paused: boolean;
  /** The emergency stop, when it is on. */
  readonly emergencyStop?: { readonly reason: string };
}

/** The state the data of the kill-switch ConfigMap gives; no ConfigMap (`undefined`) is all off. */
export function killSwitchState(data: Readonly<Record<string, string>> | undefined): KillSwitchState {
  if (data?.[KILL_SWITCH_KEYS.stop] === 'true') {
    const reason = data[KILL_SWITCH_KEYS.stopReason]?.trim() || 'no reason given';
    return { paused: true, emergencyStop: { reason } };
  }
  return { paused: data?.[KILL_SWITCH_KEYS.paused] === 'true' };
}

/** Whether two states say the same. */
export function sameKillSwitchState(a: KillSwitchState, b: KillSwitchState): boolean {
  return a.paused === b.paused && a.emergencyStop?.reason === b.emergencyStop?.reason;
}
