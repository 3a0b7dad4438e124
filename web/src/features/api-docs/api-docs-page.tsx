import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../app/api-context.tsx";
import { QueryView } from "../../components/states.tsx";

interface Operation {
  tags?: string[];
  summary?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: { type?: string } }>;
  requestBody?: {
    content?: Record<
      string,
      { schema?: { properties?: Record<string, { type?: string }>; required?: string[] } }
    >;
  };
}

const METHODS = ["get", "post", "put", "delete", "patch"];

/** One endpoint: method, path, parameters and request body fields. */
function Endpoint(props: { method: string; path: string; operation: Operation }) {
  const { method, path, operation } = props;
  const body = Object.values(operation.requestBody?.content ?? {})[0]?.schema;
  const fields = Object.entries(body?.properties ?? {});
  return (
    <tr>
      <td>
        <code>{method.toUpperCase()}</code>
      </td>
      <td>
        <code>{path}</code>
      </td>
      <td>
        {(operation.parameters ?? []).map((parameter) => (
          <div key={`${parameter.in}:${parameter.name}`}>
            <code>{parameter.name}</code> ({parameter.in}
            {parameter.required ? ", required" : ""})
          </div>
        ))}
        {fields.map(([name, field]) => (
          <div key={name}>
            <code>{name}</code>: {field.type ?? "any"}
            {body?.required?.includes(name) ? " (required)" : ""}
          </div>
        ))}
      </td>
    </tr>
  );
}

/** The API reference, generated from the server's OpenAPI document (the route schemas). */
export function ApiDocsPage() {
  const api = useApi();
  const paths = useQuery({ queryKey: ["openapi"], queryFn: () => api.openApiPaths() });
  return (
    <section className="page">
      <h1>API reference</h1>
      <p>
        Generated from the server&apos;s OpenAPI document (<code>GET /api/openapi.json</code>). Send{" "}
        <code>Authorization: Bearer &lt;token&gt;</code> with every call except health and login.
      </p>
      <QueryView
        query={paths}
        what="the API reference"
        isEmpty={(data) => Object.keys(data).length === 0}
        empty={<p>No routes.</p>}
      >
        {(data) => {
          const groups = new Map<string, Array<{ method: string; path: string; operation: Operation }>>();
          for (const [path, item] of Object.entries(data).sort(([left], [right]) =>
            left.localeCompare(right),
          )) {
            for (const method of METHODS) {
              const operation = item[method] as Operation | undefined;
              if (!operation) continue;
              const tag = operation.tags?.[0] ?? "other";
              groups.set(tag, [...(groups.get(tag) ?? []), { method, path, operation }]);
            }
          }
          return [...groups.entries()].map(([tag, endpoints]) => (
            <section key={tag}>
              <h2>{tag}</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Method</th>
                    <th scope="col">Path</th>
                    <th scope="col">Parameters and body</th>
                  </tr>
                </thead>
                <tbody>
                  {endpoints.map((endpoint) => (
                    <Endpoint key={`${endpoint.method} ${endpoint.path}`} {...endpoint} />
                  ))}
                </tbody>
              </table>
            </section>
          ));
        }}
      </QueryView>
    </section>
  );
}
