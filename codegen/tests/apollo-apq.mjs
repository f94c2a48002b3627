// Apollo Client's PersistedQueryLink with useGETForHashedQueries against a live API.
// Run by tests/codegen/test_node_clients.py: API_URL and STOREFRONT_TOKEN in the environment.
// Prints one JSON line: each HTTP request's method and whether it carried the text, and the
// answers of two identical queries (the first registers the text, the second sends the hash).
import { createHash } from "node:crypto";
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client/core/index.js";
import { createPersistedQueryLink } from "@apollo/client/link/persisted-queries/index.js";

const requests = [];
const recordingFetch = async (url, options) => {
  const method = options?.method ?? "GET";
  const carriesText =
    method === "GET" ? new URL(url).searchParams.has("query") : options.body.includes('"query"');
  const response = await fetch(url, options);
  requests.push({ method, carriesText, status: response.status });
  return response;
};

const link = createPersistedQueryLink({
  sha256: (text) => createHash("sha256").update(text).digest("hex"),
  useGETForHashedQueries: true,
}).concat(
  new HttpLink({
    uri: process.env.API_URL,
    fetch: recordingFetch,
    headers: { "X-Storefront-Token": process.env.STOREFRONT_TOKEN },
  }),
);
const client = new ApolloClient({ link, cache: new InMemoryCache() });
const SHOP = gql(`query ApolloShop${process.env.SUFFIX ?? ""} { shop { name currencyCode } }`);

const first = await client.query({ query: SHOP, fetchPolicy: "no-cache" });
const second = await client.query({ query: SHOP, fetchPolicy: "no-cache" });
console.log(JSON.stringify({ requests, first: first.data, second: second.data }));
