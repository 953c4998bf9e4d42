import "server-only";

/** Compensation record: the sensitive data behind the salary page's step-up. Money in integer cents. */
export interface Compensation {
  readonly employeeId: string;
  readonly currency: "USD";
  readonly baseSalaryCents: number;
  readonly bonusTargetPercent: number;
  readonly payslips: readonly { readonly period: string; readonly grossCents: number; readonly netCents: number }[];
}

const COMPENSATION: Readonly<Record<string, Compensation>> = {
  alice: {
    employeeId: "alice",
    currency: "USD",
    baseSalaryCents: 128_000_00,
    bonusTargetPercent: 12,
    payslips: [
      { period: "2026-10", grossCents: 10_666_67, netCents: 7_412_30 },
      { period: "2026-09", grossCents: 10_666_67, netCents: 7_412_30 },
      { period: "2026-08", grossCents: 10_666_67, netCents: 7_398_12 },
    ],
  },
  bob: {
    employeeId: "bob",
    currency: "USD",
    baseSalaryCents: 96_500_00,
    bonusTargetPercent: 20,
    payslips: [
      { period: "2026-10", grossCents: 8_041_67, netCents: 5_802_11 },
      { period: "2026-09", grossCents: 8_041_67, netCents: 5_802_11 },
    ],
  },
};

/** The signed-in employee's own compensation, or undefined for someone HR has no record of. */
export function compensationFor(employeeId: string): Compensation | undefined {
  return Object.hasOwn(COMPENSATION, employeeId) ? COMPENSATION[employeeId] : undefined;
}
