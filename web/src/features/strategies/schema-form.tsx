import { type FormEvent, useId, useState } from "react";
import type { JsonSchema } from "../../lib/api-types.ts";

type Values = Record<string, unknown>;

function kindOf(schema: JsonSchema): "number" | "integer" | "boolean" | "enum" | "string" {
  if (schema.enum) return "enum";
  const type = Array.isArray(schema.type) ? schema.type.find((item) => item !== "null") : schema.type;
  if (type === "integer" || type === "number" || type === "boolean") return type;
  return "string";
}

/** Field errors of `values` against a flat object schema, in words ("must be at least 2"). */
export function validateParams(schema: JsonSchema, values: Values): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const value = values[name];
    const required = schema.required?.includes(name) ?? false;
    if (value === undefined || value === "") {
      if (required) errors[name] = "is required";
      continue;
    }
    const kind = kindOf(field);
    if (kind === "number" || kind === "integer") {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        errors[name] = "must be a number";
        continue;
      }
      if (kind === "integer" && !Number.isInteger(value)) errors[name] = "must be a whole number";
      else if (field.minimum !== undefined && value < field.minimum)
        errors[name] = `must be at least ${field.minimum}`;
      else if (field.maximum !== undefined && value > field.maximum)
        errors[name] = `must be at most ${field.maximum}`;
      else if (field.exclusiveMinimum !== undefined && value <= field.exclusiveMinimum)
        errors[name] = `must be more than ${field.exclusiveMinimum}`;
      else if (field.exclusiveMaximum !== undefined && value >= field.exclusiveMaximum)
        errors[name] = `must be less than ${field.exclusiveMaximum}`;
    } else if (kind === "enum" && !field.enum?.includes(value)) {
      errors[name] = `must be one of ${field.enum?.map(String).join(", ")}`;
    }
  }
  return errors;
}

/** A form generated from a strategy's parameter schema, validated before it is sent. */
export function SchemaForm(props: {
  schema: JsonSchema;
  initial: Values;
  readOnly: boolean;
  submitLabel: string;
  onSubmit: (values: Values) => Promise<void>;
}) {
  const baseId = useId();
  const fields = Object.entries(props.schema.properties ?? {});
  const [values, setValues] = useState<Values>(() => {
    const start: Values = {};
    for (const [name, field] of fields) start[name] = props.initial[name] ?? field.default;
    return start;
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  if (fields.length === 0) return <p className="muted">This strategy has no parameters.</p>;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateParams(props.schema, values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    try {
      await props.onSubmit(values);
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="schema-form" onSubmit={submit} noValidate>
      {fields.map(([name, field]) => {
        const id = `${baseId}-${name}`;
        const kind = kindOf(field);
        const error = errors[name];
        const describedBy = error ? `${id}-error` : field.description ? `${id}-hint` : undefined;
        const common = {
          id,
          disabled: props.readOnly,
          "aria-invalid": error ? true : undefined,
          "aria-describedby": describedBy,
        };
        return (
          <div className="field" key={name}>
            <label htmlFor={id}>{field.title ?? name}</label>
            {kind === "boolean" ? (
              <input
                {...common}
                type="checkbox"
                checked={values[name] === true}
                onChange={(event) => setValues({ ...values, [name]: event.target.checked })}
              />
            ) : kind === "enum" ? (
              <select
                {...common}
                value={String(values[name] ?? "")}
                onChange={(event) => {
                  const chosen = field.enum?.find((option) => String(option) === event.target.value);
                  setValues({ ...values, [name]: chosen });
                }}
              >
                <option value="">—</option>
                {field.enum?.map((option) => (
                  <option key={String(option)} value={String(option)}>
                    {String(option)}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...common}
                type={kind === "string" ? "text" : "number"}
                step={kind === "integer" ? 1 : "any"}
                value={values[name] === undefined ? "" : String(values[name])}
                onChange={(event) => {
                  const raw = event.target.value;
                  setValues({
                    ...values,
                    [name]: kind === "string" ? raw : raw === "" ? undefined : Number(raw),
                  });
                }}
              />
            )}
            {field.description && !error ? (
              <small id={`${id}-hint`} className="hint">
                {field.description}
              </small>
            ) : null}
            {error ? (
              <small id={`${id}-error`} className="hint hint-error" role="alert">
                {field.title ?? name} {error}.
              </small>
            ) : null}
          </div>
        );
      })}
      {props.readOnly ? null : (
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? "Saving…" : props.submitLabel}
        </button>
      )}
    </form>
  );
}
