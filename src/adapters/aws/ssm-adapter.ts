import {
  AddTagsToResourceCommand,
  CreateActivationCommand,
  DeleteActivationCommand,
  DeregisterManagedInstanceCommand,
  DescribeActivationsCommand,
  type DescribeActivationsFilter,
  DescribeInstanceInformationCommand,
  type InstanceInformationStringFilter,
  ListTagsForResourceCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { Activation, InstanceFilter, ManagedInstance, Ssm } from '../../cloud-ports';
import type { Tag } from '../../domain/activation-request';
import { awsError, isAwsError } from './aws-errors';
import { type AwsPacer, pacedCall } from './aws-pacer';
import { allPages } from './paging';
import { type SsmCall, ssmCommands } from './ssm-commands';

/**
 * CreateActivation through a pacer that learns the account's rate from throttles. `client` makes no
 * retries of its own: every attempt goes through the pacer, and every throttle teaches it.
 */
export interface PacedActivations {
  client: SSMClient;
  pacer: AwsPacer;
  /** The pacer's name for this account's CreateActivation in this Region. */
  api: string;
  maxAttempts: number;
}

/** SSM hybrid activations, managed instances and Run Command through the SDK client of one region. */
export function createSsm(client: SSMClient, region: string, paced?: PacedActivations): Ssm {
  const call: SsmCall = async (action, run, options) => {
    try {
      return await run();
    } catch (err) {
      throw awsError(err, `${action} in ${region}`, options);
    }
  };
  const gone = (err: unknown, ...names: string[]) => names.some((n) => isAwsError(err, n));

  return {
    createActivation: (request) =>
      call(
        `Creating an SSM activation for ${request.DefaultInstanceName}`,
        async () => {
          const send = async (via: SSMClient) => {
            const out = await via.send(new CreateActivationCommand(request));
            if (!out.ActivationId || !out.ActivationCode)
              throw new Error('CreateActivation returned no activation');
            return { activationId: out.ActivationId, activationCode: out.ActivationCode };
          };
          if (!paced) return send(client);
          const attempt = () =>
            send(paced.client).catch((err: unknown) => {
              throw awsError(
                err,
                `Creating an SSM activation for ${request.DefaultInstanceName} in ${region}`,
                {
                  sensitive: 'response',
                },
              );
            });
          return pacedCall(paced.pacer, paced.api, attempt, { maxAttempts: paced.maxAttempts });
        },
        // The answer holds the activation code.
        { sensitive: 'response' },
      ),

    describeActivations: (filter = {}) =>
      call('Listing SSM activations', async () => {
        const Filters: DescribeActivationsFilter[] = [];
        if (filter.activationIds)
          Filters.push({ FilterKey: 'ActivationIds', FilterValues: filter.activationIds });
        if (filter.defaultInstanceName)
          Filters.push({ FilterKey: 'DefaultInstanceName', FilterValues: [filter.defaultInstanceName] });
        if (filter.iamRole) Filters.push({ FilterKey: 'IamRole', FilterValues: [filter.iamRole] });
        if (filter.activationIds?.length === 0) return [];
        const list = await allPages(async (NextToken) => {
          const out = await client.send(
            new DescribeActivationsCommand({ Filters, MaxResults: 50, NextToken }),
          );
          return { items: out.ActivationList ?? [], nextToken: out.NextToken };
        });
        return list.map(
          (a): Activation => ({
            activationId: a.ActivationId ?? '',
            ...(a.Description ? { description: a.Description } : {}),
            ...(a.DefaultInstanceName ? { defaultInstanceName: a.DefaultInstanceName } : {}),
            ...(a.IamRole ? { iamRole: a.IamRole } : {}),
            registrationLimit: a.RegistrationLimit ?? 1,
            registrationsCount: a.RegistrationsCount ?? 0,
            expiresAt: a.ExpirationDate?.getTime() ?? 0,
            expired: a.Expired ?? false,
            ...(a.CreatedDate ? { createdAt: a.CreatedDate.getTime() } : {}),
            tags: toTags(a.Tags),
          }),
        );
      }),

    deleteActivation: (activationId) =>
      call(`Deleting SSM activation ${activationId}`, async () => {
        try {
          await client.send(new DeleteActivationCommand({ ActivationId: activationId }));
        } catch (err) {
          if (!gone(err, 'InvalidActivation')) throw err;
        }
      }),

    describeInstances: (filter = {}) =>
      call('Listing SSM managed instances', async () => {
        const Filters = instanceFilters(filter);
        if (Filters.some((f) => f.Values?.length === 0)) return [];
        const list = await allPages(async (NextToken) => {
          const out = await client.send(
            new DescribeInstanceInformationCommand({ Filters, MaxResults: 50, NextToken }),
          );
          return { items: out.InstanceInformationList ?? [], nextToken: out.NextToken };
        });
        return list.map(
          (i): ManagedInstance => ({
            instanceId: i.InstanceId ?? '',
            pingStatus: i.PingStatus ?? 'Inactive',
            ...(i.ActivationId ? { activationId: i.ActivationId } : {}),
            ...(i.IPAddress ? { ipAddress: i.IPAddress } : {}),
            ...(i.ComputerName ? { computerName: i.ComputerName } : {}),
            ...(i.Name ? { name: i.Name } : {}),
            ...(i.IamRole ? { iamRole: i.IamRole } : {}),
            ...(i.PlatformName ? { platformName: i.PlatformName } : {}),
            ...(i.PlatformVersion ? { platformVersion: i.PlatformVersion } : {}),
            ...(i.AgentVersion ? { agentVersion: i.AgentVersion } : {}),
            ...(i.RegistrationDate ? { registrationDate: i.RegistrationDate.getTime() } : {}),
            ...(i.LastPingDateTime ? { lastPingAt: i.LastPingDateTime.getTime() } : {}),
          }),
        );
      }),

    listInstanceTags: (instanceId) =>
      call(`Reading the tags of managed instance ${instanceId}`, async () => {
        const out = await client.send(
          new ListTagsForResourceCommand({ ResourceType: 'ManagedInstance', ResourceId: instanceId }),
        );
        return toTags(out.TagList);
      }),

    deregisterManagedInstance: (instanceId) =>
      call(`Deregistering managed instance ${instanceId}`, async () => {
        try {
          await client.send(new DeregisterManagedInstanceCommand({ InstanceId: instanceId }));
        } catch (err) {
          if (!gone(err, 'InvalidInstanceId')) throw err;
        }
      }),

    addTags: (instanceId, tags) =>
      call(`Tagging managed instance ${instanceId}`, async () => {
        await client.send(
          new AddTagsToResourceCommand({
            ResourceType: 'ManagedInstance',
            ResourceId: instanceId,
            Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
          }),
        );
      }),

    ...ssmCommands(client, call),
  };
}

function instanceFilters(filter: InstanceFilter): InstanceInformationStringFilter[] {
  const filters: InstanceInformationStringFilter[] = [];
  if (filter.activationIds) filters.push({ Key: 'ActivationIds', Values: filter.activationIds });
  if (filter.instanceIds) filters.push({ Key: 'InstanceIds', Values: filter.instanceIds });
  if (filter.pingStatus) filters.push({ Key: 'PingStatus', Values: filter.pingStatus });
  for (const [key, value] of Object.entries(filter.tags ?? {}))
    filters.push({ Key: `tag:${key}`, Values: [value] });
  return filters;
}

function toTags(tags: { Key?: string; Value?: string }[] | undefined): Tag[] {
  return (tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
}
