/** The reasoning part of a trade's recorded signal: `reasoning`/`reason`/`reasons`, then the other fields. */
export function signalReasons(signal: unknown): string[] {
  if (signal === null || signal === undefined) return [];
  if (typeof signal === "string") return [signal];
  if (typeof signal !== "object") return [String(signal)];
  const record = signal as Record<string, unknown>;
  for (const key of ["reasoning", "reasons", "reason", "explanation"]) {
    const value = record[key];
    if (typeof value === "string" && value.trim()) return [value];
    if (Array.isArray(value))
      return value.map((item) => (typeof item === "string" ? item : JSON.stringify(item)));
  }
  return [];
}

export function SignalReasoning(props: { signal: unknown }) {
  const reasons = signalReasons(props.signal);
  const details =
    typeof props.signal === "object" && props.signal !== null
      ? Object.entries(props.signal as Record<string, unknown>).filter(
          ([key]) => !["reasoning", "reasons", "reason", "explanation"].includes(key),
        )
      : [];
  if (reasons.length === 0 && details.length === 0) {
    return <p className="muted">No signal was recorded for this trade.</p>;
  }
  return (
    <div className="signal">
      {reasons.length > 0 ? (
        <ul className="signal-reasons">
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : null}
      {details.length > 0 ? (
        <dl className="signal-details">
          {details.map(([key, value]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd>{typeof value === "object" ? JSON.stringify(value) : String(value)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </div>
  );
}
