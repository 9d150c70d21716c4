import { canonicalProfile } from './canonical-profile';
import {
  clusterProfileSchema,
  type ProfileContext,
  type ProfileProblem,
  type ProfileResult,
} from './profile';
import { formatPath, type LocatedProblem } from './profile-path';
import { profileRuleProblems } from './profile-rules';
import { shapeProblems } from './shape-problems';

/** Every problem with a profile object, located by path; the YAML parser adds lines to these. */
export function locatedProfileProblems(input: unknown, ctx: ProfileContext): LocatedProblem[] {
  const parsed = clusterProfileSchema.safeParse(input);
  const shape = parsed.success ? [] : shapeProblems(input, parsed.error.issues);
  // A field the schema already refused (wrong type, unknown) is not judged again by the rules.
  const refused = shape.map((p) => formatPath(p.segments));
  const rules = profileRuleProblems(input, ctx).filter((p) => {
    const path = formatPath(p.segments);
    return !refused.some((r) => path === r || path.startsWith(`${r}.`) || path.startsWith(`${r}[`));
  });
  return [...shape, ...rules];
}

/** Validates a profile built in code (a Slack modal, a stored record): problems carry paths, not lines. */
export function validateProfile(input: unknown, ctx: ProfileContext): ProfileResult {
  const problems = locatedProfileProblems(input, ctx);
  if (problems.length > 0) {
    return {
      ok: false,
      problems: problems.map((p) => ({ path: formatPath(p.segments), message: p.message })),
    };
  }
  const parsed = clusterProfileSchema.parse(input);
  return { ok: true, profile: canonicalProfile(parsed) };
}

export type { ProfileProblem };
