{{/* The `chaosflow serve` command line, from the values. */}}
{{- define "chaosflow.serveArgs" -}}
{{- $v := .Values -}}
- serve
- {{ printf "--namespace=%s" .Release.Namespace | quote }}
- --port=8080
{{- range $v.watchNamespaces }}
- {{ printf "--watch-namespace=%s" . | quote }}
{{- end }}
{{- range $v.templateNamespaces }}
- {{ printf "--template-namespace=%s" . | quote }}
{{- end }}
- {{ printf "--target-annotation=%s" $v.trigger.targetAnnotation | quote }}
{{- if not $v.trigger.rolloutGate }}
- --no-rollout-gate
{{- end }}
- {{ printf "--rollout-timeout=%s" $v.trigger.rolloutTimeout | quote }}
- {{ printf "--cooldown=%s" $v.trigger.cooldown | quote }}
- {{ printf "--resync=%s" $v.trigger.resync | quote }}
- {{ printf "--kill-switch=%s" $v.trigger.killSwitch | quote }}
- {{ printf "--state-configmap=%s" (include "chaosflow.stateConfigMap" .) | quote }}
- --leader-elect
- {{ printf "--leader-lease=%s" (include "chaosflow.leaderLease" .) | quote }}
- {{ printf "--lease-duration=%s" $v.leaderElection.leaseDuration | quote }}
- {{ printf "--renew-deadline=%s" $v.leaderElection.renewDeadline | quote }}
- {{ printf "--retry-period=%s" $v.leaderElection.retryPeriod | quote }}
{{- if $v.trigger.paused }}
- --paused
{{- end }}
{{- with $v.trigger.policyNamespace }}
- {{ printf "--policy-namespace=%s" . | quote }}
{{- end }}
{{- if not $v.api.enabled }}
- --no-api
{{- end }}
{{- if not $v.guardian.enabled }}
- --no-guardian
{{- end }}
{{- if $v.blastRadiusPolicy }}
- --policy=/etc/chaosflow/policy/policy.yaml
{{- end }}
{{- if $v.sync.enabled }}
- {{ printf "--sync-repo=%s" $v.sync.repo | quote }}
- {{ printf "--sync-branch=%s" $v.sync.branch | quote }}
{{- range $v.sync.paths }}
- {{ printf "--sync-path=%s" . | quote }}
{{- end }}
- {{ printf "--sync-interval=%s" $v.sync.interval | quote }}
- {{ printf "--sync-prune=%s" (toString $v.sync.prune) | quote }}
- --sync-cache=/var/cache/chaosflow/git
{{- end }}
{{- with $v.chaosImages.registry }}
- {{ printf "--image-registry=%s" . | quote }}
{{- end }}
{{- range $v.chaosImages.pullSecrets }}
- {{ printf "--image-pull-secret=%s" . | quote }}
{{- end }}
{{- range $v.extraArgs }}
- {{ . | quote }}
{{- end }}
{{- end }}
