import type { Fleet } from '../../fleet/fleet';
import { activationCode, uuid } from '../../fleet/ids';
import type { Activation, Tag } from '../../fleet/types';
import { epochSeconds, paginate } from '../pagination';
import { ConstraintCheck, invalidNextToken, maxResults, ssmError } from './ssm-errors';

const NAME_PATTERN = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;
const ACTIVATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DAY_MS = 24 * 3600 * 1000;

interface CreateInput {
  Description?: string;
  DefaultInstanceName?: string;
  IamRole?: string;
  RegistrationLimit?: number;
  ExpirationDate?: number;
  Tags?: Tag[];
}

export function createActivation(fleet: Fleet, input: CreateInput, region: string) {
  const role = input.IamRole;
  const limit = input.RegistrationLimit ?? 1;
  const check = new ConstraintCheck()
    .check(role !== undefined && role !== null, role, 'iamRole', 'Member must not be null')
    .check((role ?? '').length <= 64, role, 'iamRole', 'Member must have length less than or equal to 64')
    .check(limit >= 1, limit, 'registrationLimit', 'Member must have value greater than or equal to 1')
    .check(limit <= 1000, limit, 'registrationLimit', 'Member must have value less than or equal to 1000')
    .check(
      (input.Description ?? '').length <= 256,
      input.Description,
      'description',
      'Member must have length less than or equal to 256',
    );
  const name = input.DefaultInstanceName;
  if (name !== undefined) {
    check
      .check(
        name.length <= 256,
        name,
        'defaultInstanceName',
        'Member must have length less than or equal to 256',
      )
      .check(
        NAME_PATTERN.test(name),
        name,
        'defaultInstanceName',
        `Member must satisfy regular expression pattern: ${NAME_PATTERN.source}`,
      );
  }
  (input.Tags ?? []).forEach((t, i) => {
    check
      .check(
        t.Key.length >= 1 && t.Key.length <= 128,
        t.Key,
        `tags.${i + 1}.member.key`,
        'Member must have length between 1 and 128',
      )
      .check(
        (t.Value ?? '').length <= 256,
        t.Value,
        `tags.${i + 1}.member.value`,
        'Member must have length less than or equal to 256',
      );
  });
  check.throwIfAny();
  if (input.Tags?.some((t) => t.Key.toLowerCase().startsWith('aws:'))) {
    throw ssmError('InvalidParameters', 'Tag keys must not start with the reserved prefix aws:');
  }
  // A role ARN is taken as a role name and then not found, as SSM does.
  if (role!.startsWith('arn:') || role!.includes(':')) {
    throw ssmError('ValidationException', `Not existing role: arn:aws:iam::${fleet.account}:role/${role}`);
  }
  const now = fleet.now();
  const expiration =
    input.ExpirationDate === undefined
      ? new Date(now.getTime() + DAY_MS)
      : new Date(input.ExpirationDate * 1000);
  if (expiration <= now) throw ssmError('ValidationException', 'ExpirationDate must be in the future.');
  if (expiration.getTime() - now.getTime() > 30 * DAY_MS) {
    throw ssmError('ValidationException', 'ExpirationDate must be no more than 30 days in the future.');
  }
  const activation: Activation = {
    id: uuid(),
    code: activationCode(),
    region,
    iamRole: role!,
    description: input.Description,
    defaultInstanceName: name,
    registrationLimit: limit,
    registrationsCount: 0,
    expirationDate: expiration,
    createdDate: now,
    tags: input.Tags ?? [],
  };
  fleet.activations.set(activation.id, activation);
  fleet.effects.count(name ?? activation.id, 'CreateActivation');
  return { ActivationId: activation.id, ActivationCode: activation.code };
}

interface DescribeInput {
  Filters?: Array<{ FilterKey?: string; FilterValues?: string[] }>;
  MaxResults?: number;
  NextToken?: string;
}

export function describeActivations(fleet: Fleet, input: DescribeInput, region: string) {
  const max = maxResults(input.MaxResults, 1, 50, 50);
  let list = [...fleet.activations.values()].filter((a) => a.region === region);
  for (const f of input.Filters ?? []) {
    const values = f.FilterValues ?? [];
    const field: Record<string, (a: Activation) => string | undefined> = {
      ActivationIds: (a) => a.id,
      DefaultInstanceName: (a) => a.defaultInstanceName,
      IamRole: (a) => a.iamRole,
    };
    const get = f.FilterKey ? field[f.FilterKey] : undefined;
    if (!get) throw ssmError('InvalidFilter', `The filter key ${f.FilterKey ?? ''} isn't valid.`);
    list = list.filter((a) => values.includes(get(a) ?? ''));
  }
  const now = fleet.now();
  const { page, nextToken } = paginate(list, max, input.NextToken, invalidNextToken);
  return {
    ActivationList: page.map((a) => ({
      ActivationId: a.id,
      ...(a.description !== undefined ? { Description: a.description } : {}),
      ...(a.defaultInstanceName !== undefined ? { DefaultInstanceName: a.defaultInstanceName } : {}),
      IamRole: a.iamRole,
      RegistrationLimit: a.registrationLimit,
      RegistrationsCount: a.registrationsCount,
      ExpirationDate: epochSeconds(a.expirationDate),
      Expired: a.expirationDate <= now,
      CreatedDate: epochSeconds(a.createdDate),
      Tags: a.tags,
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

export function deleteActivation(fleet: Fleet, input: { ActivationId?: string }, region: string) {
  const id = input.ActivationId ?? '';
  if (!ACTIVATION_ID.test(id)) {
    throw ssmError(
      'InvalidActivationId',
      "The activation ID isn't valid. Verify that the activation ID is correct and try again.",
    );
  }
  const activation = fleet.activations.get(id);
  if (!activation || activation.region !== region) {
    throw ssmError(
      'InvalidActivation',
      "The activation isn't valid. The activation might have been deleted, or the ActivationId and the ActivationCode don't match.",
    );
  }
  fleet.activations.delete(id);
  fleet.effects.count(activation.defaultInstanceName ?? id, 'DeleteActivation');
  return {};
}
