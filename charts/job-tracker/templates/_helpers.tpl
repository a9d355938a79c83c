{{- define "jt.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{/* The subgraphs: the keys of supergraph.yaml's `subgraphs` (this chart links the file). */}}
{{- define "jt.subgraphs" -}}
{{- $file := .Files.Get "supergraph.yaml" | fromYaml -}}
{{- if not $file.subgraphs -}}{{- fail "supergraph.yaml is missing from the chart (it links ../../supergraph.yaml)" -}}{{- end -}}
{{- keys $file.subgraphs | sortAlpha | toJson -}}
{{- end -}}

{{- define "jt.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one component (subgraph, worker, router, web, migrate) and subgraph. */}}
{{- define "jt.selector" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- with .subgraph }}
job-tracker/subgraph: {{ . }}
{{- end }}
{{- end -}}

{{- define "jt.secretName" -}}
{{- .Values.existingSecret | default (printf "%s-env" (include "jt.fullname" .)) -}}
{{- end -}}

{{- define "jt.jwtSecretName" -}}
{{- .Values.jwt.existingSecret | default (printf "%s-jwt" (include "jt.fullname" .)) -}}
{{- end -}}

{{- define "jt.serviceAccount" -}}
{{- if .Values.serviceAccount.create -}}{{ .Values.serviceAccount.name | default (include "jt.fullname" .) }}
{{- else -}}{{ .Values.serviceAccount.name | default "default" }}{{- end -}}
{{- end -}}

{{- define "jt.image" -}}
{{ printf "%s:%s" .repository .tag | quote }}
{{- end -}}

{{/* What every Python container reads: the ConfigMap, the Secret, and production's fixed values. */}}
{{- define "jt.pythonEnv" -}}
envFrom:
  - configMapRef: { name: {{ include "jt.fullname" . }}-config }
  - secretRef: { name: {{ include "jt.secretName" . }} }
{{- end -}}

{{- define "jt.volumes" -}}
- name: tmp
  emptyDir: {}
- name: data
  emptyDir: {}
{{- end -}}

{{- define "jt.volumeMounts" -}}
- { name: tmp, mountPath: /tmp }
- { name: data, mountPath: /data }
{{- end -}}
