import type { Fleet } from '../../fleet/fleet';
import { AwsError } from '../aws-error';
import { jsonReply } from '../http-io';
import type { AwsCall, AwsService, Operation } from '../service';
import { createAccessEntry, describeAccessEntry, listAccessEntries } from './access-entry-operations';
import { describeAddonConfiguration, describeUpdate, updateAddon } from './addon-operations';
import {
  describeAddon,
  describeCluster,
  describeNodegroup,
  listAddons,
  listClusters,
  listNodegroups,
} from './cluster-operations';

/** Amazon EKS over REST-JSON: operations by method and path, errors in `x-amzn-errortype`. */
export function eksService(fleet: Fleet): AwsService {
  return {
    name: 'eks',
    claims: (_method, path) =>
      path === '/clusters' || path.startsWith('/clusters/') || path === '/addons/configuration-schemas',
    resolve: (call) => route(fleet, call),
    renderError: (e, requestId) =>
      jsonReply(
        e.status,
        { message: e.message, ...e.fields },
        { 'x-amzn-errortype': e.code, 'x-amzn-requestid': requestId },
      ),
    // EKS answers excess traffic with 429 TooManyRequestsException (the aws CLI shows "Too Many Requests").
    throttled: () => new AwsError('TooManyRequestsException', 'Too Many Requests', 429),
    failed: () =>
      new AwsError('ServiceUnavailableException', 'Service Unavailable. Please try again later.', 503),
    authError: (code, message) =>
      new AwsError(
        code === 'MissingAuthenticationToken' ? 'MissingAuthenticationTokenException' : `${code}Exception`,
        message,
        403,
      ),
  };
}

function route(fleet: Fleet, call: AwsCall): Operation {
  const parts = call.path.split('/').slice(1).map(decodeURIComponent);
  const [root, cluster, sub, item, extra] = parts;
  const get = call.method === 'GET';
  if (call.path === '/addons/configuration-schemas' && get) return describeAddonConfiguration(call);
  if (
    root === 'clusters' &&
    cluster &&
    sub === 'addons' &&
    item &&
    extra === 'update' &&
    call.method === 'POST'
  )
    return updateAddon(fleet, call, cluster, item);
  if (root === 'clusters' && cluster && sub === 'updates' && item && extra === undefined && get)
    return describeUpdate(fleet, call, cluster, item);
  if (root === 'clusters' && extra === undefined) {
    if (cluster === undefined && get) return listClusters(fleet, call);
    if (cluster && sub === undefined && get) return describeCluster(fleet, call, cluster);
    if (cluster && sub === 'node-groups' && get) {
      return item ? describeNodegroup(fleet, call, cluster, item) : listNodegroups(fleet, call, cluster);
    }
    if (cluster && sub === 'addons' && get)
      return item ? describeAddon(fleet, call, cluster, item) : listAddons(fleet, call, cluster);
    if (cluster && sub === 'access-entries') {
      if (get)
        return item
          ? describeAccessEntry(fleet, call, cluster, item)
          : listAccessEntries(fleet, call, cluster);
      if (call.method === 'POST' && !item) return createAccessEntry(fleet, call, cluster);
    }
  }
  throw new AwsError('UnknownOperationException', `Unknown operation ${call.method} ${call.path}`, 404);
}
