{{/* Names and the pieces every silo pod shares. Values are always read by their full .Values path (HelmChartTests resolves those). */}}

{{/* The release's base name: "<release>-stylefarm", or the release name when it already says stylefarm; 63 characters at most. */}}
{{- define "stylefarm.fullname" -}}
{{- if contains "stylefarm" .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-stylefarm" .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* Labels every object carries. */}}
{{- define "stylefarm.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: stylefarm
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels that select this release's silos (every component). */}}
{{- define "stylefarm.selectorLabels" -}}
app.kubernetes.io/name: stylefarm
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The CPU image and the CUDA image. */}}
{{- define "stylefarm.cpuImage" -}}
{{ .Values.image.repository }}:{{ .Values.image.cpuTag | default (printf "%s-cpu" .Chart.AppVersion) }}
{{- end }}
{{- define "stylefarm.gpuImage" -}}
{{ .Values.image.repository }}:{{ .Values.image.gpuTag | default (printf "%s-gpu" .Chart.AppVersion) }}
{{- end }}

{{/*
The arguments of `stylefarm silo` every silo gets: its name and address from the downward API (POD_NAME, POD_IP; Kubernetes
expands $(VAR) in args), the Orleans cluster settings, local path roots and telemetry. The stores come in the environment.
*/}}
{{- define "stylefarm.siloArgs" -}}
- --name
- $(POD_NAME)
- --advertise
- $(POD_IP)
- --cluster-id
- {{ .Values.cluster.clusterId | quote }}
- --service-id
- {{ .Values.cluster.serviceId | quote }}
- --membership
- {{ .Values.cluster.membership | quote }}
- --silo-port
- {{ .Values.cluster.siloPort | quote }}
- --gateway-port
- {{ .Values.cluster.gatewayPort | quote }}
{{- if .Values.localPaths.inputClaim }}
- --input-root
- /farm/in
{{- end }}
{{- if .Values.localPaths.outputClaim }}
- --output-root
- /farm/out
{{- end }}
{{- if .Values.telemetry.otlpEndpoint }}
- --otlp-endpoint
- {{ .Values.telemetry.otlpEndpoint | quote }}
{{- end }}
{{- end }}

{{/*
The environment every silo gets: its pod name and IP (downward API), and the two stores from their Secrets. The silo
reads STYLEFARM_STORE and STYLEFARM_ARTIFACTS, then removes them from its environment, so ffmpeg never inherits them.
*/}}
{{- define "stylefarm.siloEnv" -}}
- name: POD_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: POD_IP
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
- name: STYLEFARM_STORE
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secrets.store.name | quote }}
      key: {{ .Values.secrets.store.key | quote }}
- name: STYLEFARM_ARTIFACTS
  valueFrom:
    secretKeyRef:
      name: {{ .Values.secrets.artifacts.name | quote }}
      key: {{ .Values.secrets.artifacts.key | quote }}
# The root file system is read-only: home and temporary files go to the pod's /tmp volume.
- name: HOME
  value: /tmp
{{- end }}

{{/* Mounts every silo gets: /tmp (writable scratch) and the shared path roots, if any. */}}
{{- define "stylefarm.siloMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .Values.localPaths.inputClaim }}
- name: farm-in
  mountPath: /farm/in
  readOnly: true
{{- end }}
{{- if .Values.localPaths.outputClaim }}
- name: farm-out
  mountPath: /farm/out
{{- end }}
{{- end }}

{{/* The volumes behind stylefarm.siloMounts. */}}
{{- define "stylefarm.siloVolumes" -}}
- name: tmp
  emptyDir: {}
{{- if .Values.localPaths.inputClaim }}
- name: farm-in
  persistentVolumeClaim:
    claimName: {{ .Values.localPaths.inputClaim | quote }}
    readOnly: true
{{- end }}
{{- if .Values.localPaths.outputClaim }}
- name: farm-out
  persistentVolumeClaim:
    claimName: {{ .Values.localPaths.outputClaim | quote }}
{{- end }}
{{- end }}

{{/* The pod's security settings: the image's non-root user, no privilege escalation, a read-only root file system. */}}
{{- define "stylefarm.podSecurity" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}
{{- define "stylefarm.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
{{- end }}

{{/* The workers' image: the CUDA one when they get GPUs. */}}
{{- define "stylefarm.workerImage" -}}
{{- if .Values.workers.gpu.enabled }}
{{- include "stylefarm.gpuImage" . }}
{{- else }}
{{- include "stylefarm.cpuImage" . }}
{{- end }}
{{- end }}

{{/* The workers' resources, with one nvidia.com/gpu added to the limits when they get GPUs (a GPU is requested by its limit). */}}
{{- define "stylefarm.workerResources" -}}
{{- $resources := deepCopy .Values.workers.resources }}
{{- if .Values.workers.gpu.enabled }}
{{- $limits := get $resources "limits" | default dict }}
{{- $_ := set $limits "nvidia.com/gpu" 1 }}
{{- $_ = set $resources "limits" $limits }}
{{- end }}
{{- toYaml $resources }}
{{- end }}
