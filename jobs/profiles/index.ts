import type { CommandProcessors } from '../job-context';
import { deleteProfile } from './delete-profile';
import { diffProfileVersions, exportProfile, listProfiles, showProfile } from './read-profiles';
import { renderProfile } from './render-profile';
import { createProfile, editProfile, importProfile } from './save-profile';

/** Slash-command jobs for cluster profiles, by command name (the forms start the same jobs). */
export const PROFILE_PROCESSORS: Pick<
  CommandProcessors,
  | 'profiles'
  | 'profile create'
  | 'profile edit'
  | 'profile import'
  | 'profile show'
  | 'profile diff'
  | 'profile export'
  | 'profile render'
  | 'profile delete'
> = {
  profiles: listProfiles,
  'profile create': createProfile,
  'profile edit': editProfile,
  'profile import': importProfile,
  'profile show': showProfile,
  'profile diff': diffProfileVersions,
  'profile export': exportProfile,
  'profile render': renderProfile,
  'profile delete': deleteProfile,
};
