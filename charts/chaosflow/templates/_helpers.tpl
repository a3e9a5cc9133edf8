{{/* The chart's name, or nameOverride. */}}
{{- define "chaosflow.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The name of every object: fullnameOverride, or the release name with the chart's unless it holds it. */}}
{{- define "chaosflow.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "chaosflow.selectorLabels" -}}
app.kubernetes.io/name: {{ include "chaosflow.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "chaosflow.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "chaosflow.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: chaosflow
{{- end }}

{{- define "chaosflow.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "chaosflow.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false: name an existing ServiceAccount" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "chaosflow.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The Secret holding the HTTP API's credentials: the user's, or the chart's. */}}
{{- define "chaosflow.apiSecretName" -}}
{{- default (printf "%s-api" (include "chaosflow.fullname" .)) .Values.api.existingSecret }}
{{- end }}

{{/* The Secret holding the git credentials: the user's, or the chart's. */}}
{{- define "chaosflow.gitSecretName" -}}
{{- default (printf "%s-git" (include "chaosflow.fullname" .)) .Values.sync.git.existingSecret }}
{{- end }}

{{/* The ConfigMap recording the handled changes: one per release, so two releases never share it. */}}
{{- define "chaosflow.stateConfigMap" -}}
{{- printf "%s-trigger-state" (include "chaosflow.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The Lease the replicas compete for: created by the chart, the only one the service may read or write. */}}
{{- define "chaosflow.leaderLease" -}}
{{- printf "%s-leader" (include "chaosflow.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The ServiceAccount as an RBAC subject. */}}
{{- define "chaosflow.subject" -}}
- kind: ServiceAccount
  name: {{ include "chaosflow.serviceAccountName" . }}
  namespace: {{ .Release.Namespace }}
{{- end }}

{{/*
Rules on Argo objects in the template namespaces: find WorkflowTemplates and start Workflows from them; with
the guardian, watch chaosflow's runs and patch them (its answer to a guarded run, and the stop), and delete the
ChaosEngines of runs that ended without deleting them (chaos engines live in the template namespaces); with the
GitOps loop, also apply and prune WorkflowTemplates and CronWorkflows (server-side apply is a patch that may
create).
*/}}
{{- define "chaosflow.argoRules" -}}
- apiGroups: [argoproj.io]
  resources: [workflowtemplates]
  verbs: [get, list]
- apiGroups: [argoproj.io]
  resources: [workflows]
  verbs: [create]
- apiGroups: [""]
  resources: [events]
  verbs: [create]
{{- if .Values.guardian.enabled }}
- apiGroups: [argoproj.io]
  resources: [workflows]
  verbs: [get, list, watch, patch]
- apiGroups: [litmuschaos.io]
  resources: [chaosengines]
  verbs: [get, list, delete]
{{- end }}
{{- if .Values.sync.enabled }}
- apiGroups: [argoproj.io]
  resources: [workflowtemplates, cronworkflows]
  verbs: [get, list, create, patch, delete]
{{- end }}
{{- end }}

{{/* Rules on the watched workloads: see them change, and record an Event on them for every start and skip. */}}
{{- define "chaosflow.workloadRules" -}}
- apiGroups: [apps]
  resources: [deployments, statefulsets, daemonsets]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [events]
  verbs: [create]
{{- end }}

{{/*
Rules on the service's own ConfigMaps: the revision store (read, created once, updated) and the kill switch
(read and watched by name; with the HTTP API, patched by POST /v1/stop and /v1/resume). Create cannot be
limited to a name.
*/}}
{{- define "chaosflow.stateRules" -}}
- apiGroups: [""]
  resources: [configmaps]
  resourceNames: [{{ include "chaosflow.stateConfigMap" . }}]
  verbs: [get, update]
- apiGroups: [""]
  resources: [configmaps]
  verbs: [create]
- apiGroups: [""]
  resources: [configmaps]
  resourceNames: [{{ .Values.trigger.killSwitch }}]
  verbs: [get, list, watch{{ if .Values.api.enabled }}, patch{{ end }}]
- apiGroups: [coordination.k8s.io]
  resources: [leases]
  resourceNames: [{{ include "chaosflow.leaderLease" . }}]
  verbs: [get, patch]
{{- end }}

{{- define "chaosflow.policyRules" -}}
- apiGroups: [eventtracker.litmuschaos.io]
  resources: [eventtrackerpolicies]
  verbs: [get, list, watch]
{{- end }}

{{/*
The Argo UI link to the dashboard for a run's own time range (Argo replaces ${...} in the browser: times in
milliseconds, the finish being now while the run goes on).
*/}}
{{- define "chaosflow.argoLinks" -}}
- name: Chaos dashboard
  scope: workflow
  url: {{ trimSuffix "/" .Values.grafanaDashboard.url }}/d/chaosflow/chaosflow?from=${status.startedAtEpoch}&to=${status.finishedAtEpoch}&var-workflow_id=${workflow.metadata.labels.workflow_id}
{{- end }}
