import { starterProfile } from '../../../../src/domain/profiles/starter-profile';
import { validateProfile } from '../../../../src/domain/profiles/validate-profile';
import { ctx } from './profile-fixtures';

describe('starterProfile', () => {
  it('starts on the newest Kubernetes version offered, whatever order the configuration lists them in', () => {
    const profile = starterProfile('edge-new', { kubernetesVersions: ['1.31', '1.9', '1.33', '1.30'] });
    expect(profile.spec.kubernetes.version).toBe('1.33');
  });

  it('is a valid profile', () => {
    const profile = starterProfile('edge-new', ctx);
    expect(validateProfile(profile, ctx)).toEqual({ ok: true, profile });
  });
});
