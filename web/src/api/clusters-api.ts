import {
  clusterCreatedResponseSchema,
  clusterImportResponseSchema,
  clusterResponseSchema,
  clustersResponseSchema,
  type CreateClusterRequest,
} from '../../../src/core/api/clusters.ts';
import { requestJson } from './http-client.ts';

const base = '/api/v1';
const enc = encodeURIComponent;

export const fetchClusters = () => requestJson(`${base}/clusters`, clustersResponseSchema);

export const fetchCluster = (clusterId: string) =>
  requestJson(`${base}/clusters/${enc(clusterId)}`, clusterResponseSchema);

export const createCluster = (cluster: CreateClusterRequest) =>
  requestJson(`${base}/clusters`, clusterCreatedResponseSchema, { method: 'POST', body: cluster });

/** One file of a bulk import; `institution` serves when the document names none. */
export function uploadToCluster(clusterId: string, file: File, institution: string) {
  const form = new FormData();
  // The server reads the fields that come before the file: the institution first.
  if (institution.trim()) form.append('institution', institution.trim());
  form.append('file', file, file.name);
  return requestJson(`${base}/clusters/${enc(clusterId)}/imports`, clusterImportResponseSchema, {
    method: 'POST',
    body: form,
  });
}
