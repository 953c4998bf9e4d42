import type { RefusalReason } from "@/common/api-refusals";
import type { StepUpChallenge } from "@/lib/auth/step-up-challenge";

/** The API wants stronger or fresher authentication (RFC 9470); the caller starts a step-up with `challenge`. */
export class StepUpRequiredError extends Error {
  readonly code = "step_up_required";
  constructor(
    readonly challenge: StepUpChallenge,
    readonly description: string,
  ) {
    super(`step_up_required: ${description}`);
    this.name = "StepUpRequiredError";
  }
}

/** The API refused the request; `description` is the API's own sentence for people, `reason` its machine-readable refinement. */
export class FabrikamApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    readonly reason?: RefusalReason,
  ) {
    super(`${status} ${code}: ${description}`);
    this.name = "FabrikamApiError";
  }
}

/** The API could not be reached or answered nonsense. */
export class ApiUnavailableError extends Error {
  readonly code = "api_unavailable";
  constructor(detail: string) {
    super(`api_unavailable: ${detail}`);
    this.name = "ApiUnavailableError";
  }
}
