/**
 * UpdateAddon, DescribeUpdate and DescribeAddonConfiguration. An update is accepted at once (an update id,
 * status InProgress); the add-on is UPDATING until `addonUpdateMs` later on the simulator's clock, then ACTIVE,
 * and the update Successful. Configuration values (JSON or YAML, as EKS takes them) must meet the add-on's schema.
 */
import { randomUUID } from 'node:crypto';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { applyAddonConfiguration } from '../../fleet/addon-configuration';
import type { Fleet } from '../../fleet/fleet';
import type { Addon, AddonUpdate, Cluster } from '../../fleet/types';
import { jsonReply } from '../http-io';
import { epochSeconds } from '../pagination';
import type { AwsCall, Operation } from '../service';
import { ADDON_CONFIGURATION_SCHEMAS } from './addon-configuration-schemas';
import { addonStatus } from './addon-status';
import { clusterOf } from './cluster-operations';
import { inUse, invalidParameter, notFound } from './eks-errors';

interface UpdateAddonInput {
  addonVersion?: string;
  serviceAccountRoleArn?: string;
  resolveConflicts?: string;
  clientRequestToken?: string;
  configurationValues?: string;
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(addonName: string): ValidateFunction | undefined {
  const schema = ADDON_CONFIGURATION_SCHEMAS[addonName];
  if (!schema) return undefined;
  let v = validators.get(addonName);
  if (!v) {
    // The schemas declare draft-06; nothing in them differs from draft-07, which Ajv speaks natively.
    const { $schema: _draft, ...rest } = schema as Record<string, unknown>;
    v = new Ajv({ allErrors: true, strict: false }).compile(rest);
    validators.set(addonName, v);
  }
  return v;
}

function updateShape(u: AddonUpdate, now: Date) {
  return {
    id: u.id,
    status: now.getTime() < u.doneAt ? 'InProgress' : 'Successful',
    type: 'AddonUpdate',
    params: u.params,
    createdAt: epochSeconds(u.createdAt),
    errors: [],
  };
}

export function updateAddon(fleet: Fleet, call: AwsCall, name: string, addonName: string): Operation {
  return {
    name: 'UpdateAddon',
    run: () => {
      const cluster = clusterOf(fleet, call, name);
      const addon = addonOf(cluster, addonName);
      const input = JSON.parse(call.body.toString('utf8') || '{}') as UpdateAddonInput;
      const now = fleet.now();
      if (addonStatus(addon, now) === 'UPDATING') {
        throw inUse(`Addon ${addonName} is already being updated; wait until its status is ACTIVE.`, {
          clusterName: name,
          addonName,
        });
      }
      const params: Array<{ type: string; value: string }> = [];
      let config: Record<string, unknown> | undefined;
      if (input.configurationValues !== undefined) {
        config = parseConfiguration(addonName, input.configurationValues, name);
        params.push({ type: 'ConfigurationValues', value: input.configurationValues });
      }
      if (input.addonVersion !== undefined) {
        if (!/^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(input.addonVersion)) {
          throw invalidParameter(`Addon version specified is not supported`, {
            clusterName: name,
            addonName,
          });
        }
        params.push({ type: 'AddonVersion', value: input.addonVersion });
      }
      if (input.resolveConflicts) params.push({ type: 'ResolveConflicts', value: input.resolveConflicts });
      if (input.serviceAccountRoleArn)
        params.push({ type: 'ServiceAccountRoleArn', value: input.serviceAccountRoleArn });

      const update: AddonUpdate = {
        id: randomUUID(),
        params,
        createdAt: now,
        doneAt: now.getTime() + fleet.options.addonUpdateMs,
      };
      addon.updates.set(update.id, update);
      addon.updatingUntil = update.doneAt;
      addon.modifiedAt = now;
      if (input.addonVersion) addon.version = input.addonVersion;
      if (config !== undefined) {
        addon.configurationValues = input.configurationValues || undefined;
        applyAddonConfiguration(cluster.store, addonName, config);
      }
      return jsonReply(200, { update: updateShape(update, now) });
    },
  };
}

export function describeUpdate(fleet: Fleet, call: AwsCall, name: string, updateId: string): Operation {
  return {
    name: 'DescribeUpdate',
    run: () => {
      const cluster = clusterOf(fleet, call, name);
      const addonName = call.query.get('addonName');
      const addons = addonName ? [addonOf(cluster, addonName)] : [...cluster.addons.values()];
      const update = addons.map((a) => a.updates.get(updateId)).find((u) => u);
      if (!update) throw notFound(`No update found for ID: ${updateId}`, { clusterName: name });
      return jsonReply(200, { update: updateShape(update, fleet.now()) });
    },
  };
}

export function describeAddonConfiguration(call: AwsCall): Operation {
  return {
    name: 'DescribeAddonConfiguration',
    run: () => {
      const addonName = call.query.get('addonName') ?? '';
      const addonVersion = call.query.get('addonVersion') ?? '';
      const schema = ADDON_CONFIGURATION_SCHEMAS[addonName];
      if (!schema || !addonVersion) {
        throw notFound(`Addon ${addonName} with version ${addonVersion} not found`, { addonName });
      }
      return jsonReply(200, {
        addonName,
        addonVersion,
        configurationSchema: JSON.stringify(schema),
        podIdentityConfiguration: [],
      });
    },
  };
}

function parseConfiguration(addonName: string, text: string, clusterName: string): Record<string, unknown> {
  const refuse = (why: string) =>
    invalidParameter(`ConfigurationValue provided in request is not supported: ${why}`, {
      clusterName,
      addonName,
    });
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = parse(text);
  } catch (e) {
    throw refuse(`Unable to parse configuration value: ${(e as Error).message.split('\n')[0]}`);
  }
  const validate = validatorFor(addonName);
  if (!validate) throw refuse(`Addon ${addonName} does not support configuration values`);
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map(describe).join(', ');
    throw refuse(`Json schema validation failed with error: [${problems}]`);
  }
  return (value ?? {}) as Record<string, unknown>;
}

/** The wording of the validator EKS uses (networknt json-schema-validator): "$.a.b: …". */
function describe(e: ErrorObject): string {
  const at = `$${e.instancePath.replace(/\//g, '.')}`;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `${at}.${String(p.additionalProperty)}: is not defined in the schema and the schema does not allow additional properties`;
    case 'type':
      return `${at}: ${typeOf(e.data)} found, ${Array.isArray(p.type) ? p.type.join(', ') : String(p.type)} expected`;
    case 'enum':
      return `${at}: does not have a value in the enumeration [${(p.allowedValues as unknown[]).join(', ')}]`;
    default:
      return `${at}: ${e.message ?? 'is not valid'}`;
  }
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function addonOf(cluster: Cluster, addonName: string): Addon {
  const addon = cluster.addons.get(addonName);
  if (!addon) {
    throw notFound(`No addon: ${addonName} found in cluster: ${cluster.name}`, {
      clusterName: cluster.name,
      addonName,
    });
  }
  return addon;
}
