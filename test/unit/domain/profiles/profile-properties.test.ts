import fc from 'fast-check';
import { parse } from 'yaml';
import { nodeConfigYaml } from '../../../../src/domain/node-config';
import { validateNodeConfig } from '../../../../src/domain/node-config-rules';
import { credentialPlaceholder } from '../../../../src/domain/profiles/credential-placeholder';
import { parseProfileYaml } from '../../../../src/domain/profiles/parse-profile';
import { diffProfiles, hasChanges } from '../../../../src/domain/profiles/profile-diff';
import { isSameContent } from '../../../../src/domain/profiles/profile-versions';
import { profileToYaml } from '../../../../src/domain/profiles/profile-yaml';
import { renderProfileNodeConfig } from '../../../../src/domain/profiles/render-node-config';
import { validateProfile } from '../../../../src/domain/profiles/validate-profile';
import { nodeConfigSchemaValidator } from '../../../support/nodeconfig-schema';
import { poolLabels, poolTaints, validProfile } from './profile-arbitrary';
import { ctx } from './profile-fixtures';

const validate = nodeConfigSchemaValidator();

describe('cluster profiles, for any valid profile', () => {
  it('the rules accept it as it is', () => {
    fc.assert(
      fc.property(validProfile, (profile) => {
        expect(validateProfile(profile, ctx)).toEqual({ ok: true, profile });
      }),
    );
  });

  it('export then import gives the same profile, and exporting again gives the same bytes', () => {
    fc.assert(
      fc.property(validProfile, (profile) => {
        const yaml = profileToYaml(profile);
        const back = parseProfileYaml(yaml, ctx);
        expect(back).toEqual({ ok: true, profile });
        if (back.ok) expect(profileToYaml(back.profile)).toBe(yaml);
      }),
    );
  });

  it('renders a NodeConfig that passes the nodeadm CRD schema and nodeadm rules', () => {
    fc.assert(
      fc.property(
        validProfile,
        poolLabels,
        poolTaints,
        fc.constantFrom('ssm' as const, 'iam-ra' as const),
        (profile, labels, taints, kind) => {
          const config = renderProfileNodeConfig({
            cluster: { name: 'demo', region: 'eu-west-1' },
            profile,
            labels,
            taints,
            credential: credentialPlaceholder(kind, 'store-12-pos-1'),
          });
          const asNodeadmReadsIt = parse(nodeConfigYaml(config));
          expect(validate(asNodeadmReadsIt)).toBe(true);
          expect(validateNodeConfig(asNodeadmReadsIt)).toEqual([]);
          expect(asNodeadmReadsIt).toEqual(config);
        },
      ),
    );
  });

  it('the diff is empty exactly when the content is the same', () => {
    fc.assert(
      fc.property(validProfile, validProfile, (a, b) => {
        expect(hasChanges(diffProfiles(a, b))).toBe(!isSameContent(a, b));
        expect(hasChanges(diffProfiles(a, a))).toBe(false);
      }),
    );
  });
});
