// chaosflow's public API. Internal modules import each other directly, never this barrel.

// Compiling: validation, compilation and byte-stable YAML.
export {
  type CompiledExperiment,
  type CompileOptions,
  compileExperiment,
  validateExperiment,
} from './compile/compile.js';
export type { ImageOptions } from './compile/images.js';
export { OUTPUT_KINDS, type OutputKind } from './compile/output-kind.js';
// Authoring: experiments, targets, probes, composition and the typed faults of the built-in hub.
export {
  type Experiment,
  type ExperimentProps,
  experiment,
  isExperiment,
  type ScheduleOptions,
} from './dsl/experiment.js';
export { type FaultOptions, type FaultStep, fault, type Weight } from './dsl/fault.js';
export {
  after,
  type DagFlow,
  dag,
  type Flow,
  type ParallelGroup,
  parallel,
  type SequenceItem,
  sequence,
} from './dsl/flow.js';
export * from './dsl/guard.js';
export { type ParamOptions, param } from './dsl/param.js';
export * from './dsl/probe.js';
export { type ParameterTargetOptions, target, type WorkloadSelector } from './dsl/target.js';
// Errors: everything chaosflow raises on purpose.
export { ChaosflowError, HubError, type Issue, UserError, ValidationError } from './errors.js';
// The hub: loading and inspecting fault catalogues.
export { combineHubs, loadHubs } from './hub/combine.js';
export { describeFault, type FaultDescription, type TunableDescription } from './hub/describe.js';
export * from './hub/generated/faults.js';
export type { Hub, HubFault, Tunable } from './hub/hub.js';
export { rewriteImage, withImageRegistry } from './hub/image-registry.js';
export { BUILTIN_HUB_DIR, loadHub } from './hub/load.js';
export { toYaml } from './k8s/yaml.js';
export type { Duration } from './model/duration.js';
export type { ExperimentSpec } from './model/experiment.js';
export type { Percentage } from './model/percentage.js';
export type { ProbeMode } from './model/probe.js';
export type { Target } from './model/target.js';
export type { WorkloadKind } from './model/workload-kinds.js';
export { type BlastRadiusPolicy, parsePolicy } from './policy/policy.js';
