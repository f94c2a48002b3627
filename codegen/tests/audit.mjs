// The graphql-http audit (GraphQL over HTTP) against a live API; API_URL in the environment.
// Prints one JSON line: the number of ok, warn and error results, and the non-ok ones.
import { auditServer } from "graphql-http";

const results = await auditServer({ url: process.env.API_URL });
const count = (status) => results.filter((r) => r.status === status).length;
const notOk = results
  .filter((r) => r.status !== "ok")
  .map((r) => ({ status: r.status, id: r.id, name: r.name, reason: r.reason }));
console.log(JSON.stringify({ ok: count("ok"), warn: count("warn"), error: count("error"), notOk }));
