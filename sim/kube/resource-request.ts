/** One request on a resource, as the verb handlers see it. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceInfo } from './resources';
import type { KubeStore } from './store';

export interface ResourceRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  store: KubeStore;
  info: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** Keeps open watches, so that closing the server can end them. */
  onWatch: (stop: () => void) => void;
}
