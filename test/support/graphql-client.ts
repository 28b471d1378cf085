export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

/** A plain HTTP GraphQL call, as any client would make it. */
export async function gql<T = Record<string, unknown>>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphqlResponse<T>> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GraphqlResponse<T>, 'status'>;
  return { status: res.status, ...body };
}

export function errorCodes(response: GraphqlResponse): unknown[] {
  return (response.errors ?? []).map((e) => e.extensions?.code);
}

/** The response, or the server's errors thrown: for steps a test expects to succeed. */
export function assertOk<T>(response: GraphqlResponse<T>): GraphqlResponse<T> {
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response;
}
