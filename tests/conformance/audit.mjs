// Runs graphql-http's server audits (the GraphQL over HTTP specification's checks) against a running
// stdgraph. Fails on any `error`, and on any `warn` not listed (with its reason) in README.md's
// "GraphQL over HTTP" section. `notice` results are printed only.
//
//   node audit.mjs http://127.0.0.1:PORT/graphql
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
const acceptedWarnings = new Set([]);
let failures = 0;
let passed = 0;
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  if (result.status === 'ok') {
    passed++;
    continue;
  }
  const accepted = result.status === 'notice' || (result.status === 'warn' && acceptedWarnings.has(audit.name));
  if (!accepted) failures++;
  console.log(`${accepted ? '  ' : '! '}${result.status.toUpperCase()} ${audit.name}: ${result.reason}`);
}
console.log(`graphql-http audit: ${passed} ok, ${failures} failing`);
process.exit(failures === 0 ? 0 : 1);
