import { policyLayout } from "@/lib/auth/policy-layout";

export default policyLayout("/activity");
