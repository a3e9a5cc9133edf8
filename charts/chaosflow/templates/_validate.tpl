{{/*
Checks what values.schema.json cannot say: combinations of values. Each failure names the values and how to
fix them.
*/}}
{{- define "chaosflow.validate" -}}
{{- $v := .Values }}
{{- if and (eq $v.scope "namespace") (empty $v.watchNamespaces) }}
{{- fail "scope is namespace but watchNamespaces is empty: list the namespaces whose workloads are watched (--set 'watchNamespaces={shop}'), or use scope=cluster" }}
{{- end }}
{{- if and (eq $v.scope "cluster") (not (empty $v.watchNamespaces)) }}
{{- fail "watchNamespaces is set but scope is cluster, which watches every namespace: set scope=namespace to watch only those, or leave watchNamespaces empty" }}
{{- end }}
{{- if and (eq $v.scope "namespace") (empty $v.templateNamespaces) }}
{{- fail "scope is namespace but templateNamespaces is empty: list the namespaces holding the WorkflowTemplates (--set 'templateNamespaces={litmus}')" }}
{{- end }}
{{- $apiCredentials := or $v.api.token $v.api.hmacSecret $v.api.existingSecret }}
{{- if and $v.api.enabled (not $apiCredentials) }}
{{- fail "api.enabled is true but the API has no credentials: set api.token, api.hmacSecret, or api.existingSecret (a Secret with keys token and/or hmacSecret); or set api.enabled=false" }}
{{- end }}
{{- if and (not $v.api.enabled) $apiCredentials }}
{{- fail "api.token, api.hmacSecret or api.existingSecret is set but api.enabled is false: set api.enabled=true to serve POST /v1/trigger, or remove the credentials" }}
{{- end }}
{{- if and $v.sync.enabled (not $v.sync.repo) }}
{{- fail "sync.enabled is true but sync.repo is empty: give the repository of experiments (--set sync.repo=https://github.com/team/chaos.git)" }}
{{- end }}
{{- $git := $v.sync.git }}
{{- if and (eq $git.auth "token") (not (or $git.token $git.existingSecret)) }}
{{- fail "sync.git.auth is token but there is no token: set sync.git.token, or sync.git.existingSecret (a Secret with keys token and username)" }}
{{- end }}
{{- if and (eq $git.auth "ssh") (not $git.existingSecret) (not (and $git.sshKey $git.knownHosts)) }}
{{- fail "sync.git.auth is ssh but the key or the host keys are missing: set sync.git.sshKey and sync.git.knownHosts (known_hosts lines for the git host), or sync.git.existingSecret (keys ssh-privatekey and known_hosts)" }}
{{- end }}
{{- if and (eq $git.auth "none") (or $git.token $git.sshKey $git.existingSecret) }}
{{- fail "git credentials are set but sync.git.auth is none: set sync.git.auth to token or ssh" }}
{{- end }}
{{- $pdb := $v.podDisruptionBudget }}
{{- if and $pdb.enabled (gt (int $v.replicaCount) 1) (ge (int $pdb.minAvailable) (int $v.replicaCount)) }}
{{- fail (printf "podDisruptionBudget.minAvailable is %d with replicaCount %d, so no node holding a replica could ever be drained: set minAvailable below replicaCount, or raise replicaCount" (int $pdb.minAvailable) (int $v.replicaCount)) }}
{{- end }}
{{- end }}
