import type { ReactNode } from "react";

/**
 * A box that scrolls sideways on narrow screens (a diagram, a wide table): a named region that takes focus, so a
 * keyboard can scroll it (axe scrollable-region-focusable), with shadows at the edges that have more to see and, on
 * small screens, a caption that says so.
 */
export function ScrollRegion({ label, hint, children, className = "" }: { label: string; hint: string; children: ReactNode; className?: string }) {
  return (
    <div className={className}>
      {/* A <section> with a name is a region landmark: screen readers announce what the focused box holds. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keyboard (WCAG 2.1.1) */}
      <section className="scroll-region" tabIndex={0} aria-label={label}>
        {children}
      </section>
      {/* Hidden from screen readers: the region's content reads in order; the caption is for eyes on a small screen. */}
      <p className="scroll-hint" aria-hidden="true">
        {hint} →
      </p>
    </div>
  );
}
