{{/*
Grants the service's account a set of rules: cluster-wide (ClusterRole and ClusterRoleBinding) when
`namespaces` is empty, else a Role and RoleBinding in each namespace.
Arguments: root (the chart's context), name, rules (YAML list), namespaces.
*/}}
{{- define "chaosflow.grant" -}}
{{- $root := .root }}
{{- $name := .name }}
{{- $rules := .rules }}
{{- if empty .namespaces }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ $name }}
  labels:
    {{- include "chaosflow.labels" $root | nindent 4 }}
rules:
  {{- $rules | nindent 2 }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: {{ $name }}
  labels:
    {{- include "chaosflow.labels" $root | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: {{ $name }}
subjects:
  {{- include "chaosflow.subject" $root | nindent 2 }}
{{- else }}
{{- range .namespaces }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: {{ $name }}
  namespace: {{ . }}
  labels:
    {{- include "chaosflow.labels" $root | nindent 4 }}
rules:
  {{- $rules | nindent 2 }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: {{ $name }}
  namespace: {{ . }}
  labels:
    {{- include "chaosflow.labels" $root | nindent 4 }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: {{ $name }}
subjects:
  {{- include "chaosflow.subject" $root | nindent 2 }}
{{- end }}
{{- end }}
{{- end }}
