import type { ReactNode } from "react";

export function StatCard(props: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  tone?: "profit" | "loss" | "flat" | "warning" | "danger";
  testId?: string;
}) {
  return (
    <section className={`card stat${props.tone ? ` tone-${props.tone}` : ""}`} data-testid={props.testId}>
      <h3 className="stat-label">{props.label}</h3>
      <p className="stat-value">{props.value}</p>
      {props.detail ? <p className="stat-detail">{props.detail}</p> : null}
    </section>
  );
}
