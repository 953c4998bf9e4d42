import { acrMeetsMfa } from "@/common/profiles";
import { config } from "@/lib/config";

/** An ACR value as delivered, labelled when it proves multi-factor under the provider profile. */
export function AcrValue({ acr }: { acr: string }) {
  return (
    <>
      {acr}
      {acrMeetsMfa(config().profile, acr) ? " — multi-factor" : ""}
    </>
  );
}
