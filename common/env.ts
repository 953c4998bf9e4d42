/**
 * How every party reads its environment: a zod schema over the variables, blank values counted as unset (a copied
 * `.env.example` line `NAME=`), and one error that lists every problem at once, so a bad deployment is fixed in
 * one go rather than one restart per variable.
 */
import type { z } from "zod";

/** Thrown when an environment is unusable; `problems` are "VARIABLE: what is wrong" lines. */
export class ConfigError extends Error {
  readonly code = "config_invalid";
  constructor(
    readonly party: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${party} cannot start: ${problems.length} environment problem(s)\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example for every variable and its meaning.`,
    );
    this.name = "ConfigError";
  }
}

/** The environment with blank values removed. */
export function withoutBlanks(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""));
}

/**
 * Parses `env` (blanks removed) with `schema`. `more` may add problems found outside the schema (a provider
 * profile, say); everything found is thrown together as one ConfigError of `party`.
 */
export function parseEnv<S extends z.ZodType>(party: string, schema: S, env: Record<string, string | undefined>, more: () => string[] = () => []): z.output<S> {
  const parsed = schema.safeParse(withoutBlanks(env));
  const problems = [...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`)), ...more()];
  if (!parsed.success || problems.length > 0) throw new ConfigError(party, problems);
  return parsed.data;
}
