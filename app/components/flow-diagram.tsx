import { ScrollRegion } from "./scroll-region";

/** One message in a sequence diagram: from lane, to lane, and what it says. */
export interface FlowStep {
  readonly from: number;
  readonly to: number;
  readonly label: string;
  /** Highlights the step-up moments. */
  readonly stepUp?: boolean;
}

export interface FlowDiagramProps {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly lanes: readonly string[];
  readonly steps: readonly FlowStep[];
}

// Every diagram is drawn on the same width, so text keeps one size whatever the number of lanes.
const WIDTH = 760;
const TOP = 56;
const ROW = 38;

/**
 * A sequence diagram as inline SVG: a <title> and <desc> for assistive technology, and the same steps as an
 * ordered list beside it, so the diagram is never the only way to read the flow.
 */
export function FlowDiagram({ id, title, description, lanes, steps }: FlowDiagramProps) {
  const width = WIDTH;
  const laneWidth = WIDTH / lanes.length;
  const height = TOP + steps.length * ROW + 24;
  const x = (lane: number) => lane * laneWidth + laneWidth / 2;
  return (
    // min-w-0: a grid item may shrink below the SVG's width; the diagram then scrolls inside its card, not the page.
    <figure className="card min-w-0" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="text-lg font-semibold">
        {title}
      </figcaption>
      {/* On a phone the diagram keeps a readable size and scrolls sideways, in a region keyboards can scroll too. */}
      <ScrollRegion label={`${title}, diagram`} hint="Scroll sideways to see the whole diagram" className="mt-4">
        <svg
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          viewBox={`0 0 ${width} ${height}`}
          className="w-full min-w-[44rem] text-slate-700 dark:text-slate-200"
        >
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>{description}</desc>
          <defs>
            <marker
              id={`${id}-arrow`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="8"
              markerHeight="8"
              markerUnits="userSpaceOnUse"
              orient="auto-start-reverse"
            >
              <path d="M0 0L10 5L0 10z" fill="currentColor" />
            </marker>
            <marker
              id={`${id}-arrow-up`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="9"
              markerHeight="9"
              markerUnits="userSpaceOnUse"
              orient="auto-start-reverse"
            >
              <path d="M0 0L10 5L0 10z" className="fill-brand-600 dark:fill-brand-300" />
            </marker>
          </defs>
          {lanes.map((lane, i) => (
            <g key={lane}>
              <rect x={x(i) - 80} y={8} width={160} height={32} rx={8} className="fill-brand-50 stroke-brand-600 dark:fill-brand-900 dark:stroke-brand-300" />
              <text x={x(i)} y={29} textAnchor="middle" className="fill-brand-900 text-[13px] font-semibold dark:fill-white">
                {lane}
              </text>
              <line x1={x(i)} y1={40} x2={x(i)} y2={height - 8} stroke="currentColor" strokeDasharray="4 4" strokeOpacity={0.45} />
            </g>
          ))}
          {steps.map((step, i) => {
            const y = TOP + i * ROW + 18;
            const self = step.from === step.to;
            const x1 = x(step.from);
            const x2 = self ? x1 + 40 : x(step.to) + (step.to > step.from ? -4 : 4);
            // A self-message's label sits beside its loop, on the side with room (left of the last lane).
            const lastLane = step.from === lanes.length - 1;
            const mid = self ? (lastLane ? x1 - 8 : x1 + 46) : (x1 + x(step.to)) / 2;
            const tone = step.stepUp ? "text-brand-700 dark:text-brand-200" : "";
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed sequence whose labels repeat; its position is its identity
              <g key={`${i}-${step.label}`} className={tone}>
                {self ? (
                  <path
                    d={lastLane ? `M${x1} ${y - 8}h-40v14h36` : `M${x1} ${y - 8}h40v14h-36`}
                    fill="none"
                    stroke="currentColor"
                    strokeWidth={step.stepUp ? 2 : 1.25}
                    markerEnd={`url(#${id}-${step.stepUp ? "arrow-up" : "arrow"})`}
                  />
                ) : (
                  <line
                    x1={x1}
                    y1={y}
                    x2={x2}
                    y2={y}
                    stroke="currentColor"
                    strokeWidth={step.stepUp ? 2 : 1.25}
                    markerEnd={`url(#${id}-${step.stepUp ? "arrow-up" : "arrow"})`}
                  />
                )}
                {/* A halo in the card's colour keeps a label readable where it crosses a lifeline. */}
                <text
                  x={mid}
                  y={self ? y - 12 : y - 7}
                  textAnchor={self ? (lastLane ? "end" : "start") : "middle"}
                  paintOrder="stroke"
                  strokeWidth={4}
                  strokeLinejoin="round"
                  className="fill-current stroke-white text-[11.5px] dark:stroke-slate-900"
                >
                  {`${i + 1}. ${step.label}`}
                </text>
              </g>
            );
          })}
        </svg>
      </ScrollRegion>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer font-medium">The same flow as text</summary>
        <ol className="mt-2 list-decimal space-y-1 pl-6">
          {steps.map((step, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed sequence whose labels repeat; its position is its identity
            <li key={`${i}-${step.label}`}>
              {step.from === step.to ? `${lanes[step.from]}: ` : `${lanes[step.from]} → ${lanes[step.to]}: `}
              {step.label}
            </li>
          ))}
        </ol>
      </details>
    </figure>
  );
}
