import { policyLayout } from "@/lib/auth/policy-layout";

// As the page: showing the form needs what /accounts needs; spending is checked by the action and the API.
export default policyLayout("/accounts");
