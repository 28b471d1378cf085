import { parse, stringify } from 'yaml';

/** A demo plan (demo/*-call.json): a call replayed on today's clock, its applicants and their scores. */
export interface DemoCallPlan {
  callFile: string;
  issuer: string;
  replay: {
    opensInSeconds: number;
    openForSeconds: number;
    defectFixPeriod: object;
    objectionsPeriod: object;
  };
  evaluators: string[];
  applications: {
    title: string;
    applicant: string;
    countryOfOrigin: string;
    sector: string;
    requestedAmount: string;
    totalAmount: string;
    /** The NGO in the country of origin that carries the project out. */
    implementingNgo: string;
    /** One mark per criterion, in the call's order. */
    scores: number[];
  }[];
}

export interface DemoCallOutcome {
  key: string;
  status: string;
  funded: { title: string; applicant: string; granted: string }[];
  reserve: string[];
  excluded: string[];
}

interface Options {
  graphqlUrl: string;
  plan: DemoCallPlan;
  callDefinitionText: string;
  organisations: Map<string, { id: string; kind: string }>;
  mint: (claims: { sub: string; org: string; roles: string[] }) => string;
  log?: (message: string) => void;
  timeoutMs?: number;
}

/** The wall-clock time of an instant in a zone, as a call definition writes it. */
export function localTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
    .format(instant)
    .replace(' ', 'T');
}

/**
 * Runs a whole competitive call through the public GraphQL API, as its issuer, applicants and
 * evaluators would: publish, apply, score, close the evaluation, and wait for the resolution.
 * Idempotent: a call already published is only read.
 */
export async function runDemoCall(o: Options): Promise<DemoCallOutcome> {
  const log = o.log ?? (() => undefined);
  const org = (name: string) => {
    const found = o.organisations.get(name);
    if (!found) throw new Error(`the demo needs the organisation "${name}"`);
    return found;
  };
  const gql = async <T>(
    query: string,
    variables: Record<string, unknown>,
    token?: string,
  ): Promise<T> => {
    const res = await fetch(o.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };
  const definition = parse(o.callDefinitionText) as Record<string, unknown> & {
    key: string;
    window: { timeZone: string };
    criteria: { id: string }[];
  };
  const key = definition.key;
  const READ = `query($key: String!) { call(key: $key) { status applications { id title status granted } } }`;
  type CallView = {
    status: string;
    applications: { id: string; title: string; status: string; granted: string | null }[];
  };
  const read = async () => (await gql<{ call: CallView | null }>(READ, { key })).call;
  const waitFor = async (statuses: string[]) => {
    const deadline = Date.now() + (o.timeoutMs ?? 120_000);
    for (;;) {
      const call = await read();
      if (call && statuses.includes(call.status)) return call;
      if (Date.now() > deadline)
        throw new Error(
          `the demo call did not reach ${statuses.join(' or ')} (it is ${call?.status})`,
        );
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const issuer = org(o.plan.issuer);
  const issuerAdmin = o.mint({ sub: 'demo-issuer-admin', org: issuer.id, roles: ['org-admin'] });

  if (!(await read())) {
    const opens = new Date(Date.now() + o.plan.replay.opensInSeconds * 1000);
    const closes = new Date(opens.getTime() + o.plan.replay.openForSeconds * 1000);
    const zone = definition.window.timeZone;
    const replayed = {
      ...definition,
      window: { opens: localTime(opens, zone), closes: localTime(closes, zone), timeZone: zone },
      defectFixPeriod: o.plan.replay.defectFixPeriod,
      objectionsPeriod: o.plan.replay.objectionsPeriod,
    };
    await gql(
      'mutation($i: PublishCallInput!) { publishCall(input: $i) { key } }',
      { i: { definition: stringify(replayed), issuerOrganisationId: issuer.id } },
      issuerAdmin,
    );
    log(`published ${key}; it opens at ${replayed.window.opens} (${zone})`);
    await waitFor(['OPEN']);
    const requiredDocuments = (definition.requiredDocuments as string[] | undefined) ?? [];
    for (const a of o.plan.applications) {
      const applicant = org(a.applicant);
      await gql(
        'mutation($i: SubmitCallApplicationInput!) { submitCallApplication(input: $i) { id } }',
        {
          i: {
            callKey: key,
            applicantOrganisationId: applicant.id,
            title: a.title,
            sector: a.sector,
            countryOfOrigin: a.countryOfOrigin,
            objective: (definition.objectives as string[])[0],
            implementingNgoOrganisationId: org(a.implementingNgo).id,
            totalAmount: a.totalAmount,
            requestedAmount: a.requestedAmount,
            documents: requiredDocuments.map((documentType) => ({
              documentType,
              uri: `https://docs.example.org/demo/${documentType}.pdf`,
            })),
          },
        },
        o.mint({ sub: `demo-${a.applicant}`, org: applicant.id, roles: ['member'] }),
      );
    }
    log(`${o.plan.applications.length} applications submitted`);
    const closed = await waitFor(['EVALUATION']);
    const byTitle = new Map(closed.applications.map((x) => [x.title, x]));
    for (const evaluator of o.plan.evaluators) {
      const token = o.mint({ sub: evaluator, org: issuer.id, roles: ['evaluator'] });
      for (const a of o.plan.applications) {
        const scores = definition.criteria.map((c, i) => ({
          criterionId: c.id,
          score: String(a.scores[i]),
          reason: `${evaluator}: ${c.id}`,
        }));
        await gql(
          'mutation($i: ScoreCallApplicationInput!) { scoreCallApplication(input: $i) { accepted } }',
          { i: { applicationId: byTitle.get(a.title)!.id, scores } },
          token,
        );
      }
    }
    await gql(
      'mutation($k: String!) { closeCallEvaluation(callKey: $k) { status } }',
      { k: key },
      issuerAdmin,
    );
    log('evaluation closed; provisional resolution, then the objections period');
  }
  const resolved = await waitFor(['RESOLVED']);
  const applicantOf = new Map(o.plan.applications.map((a) => [a.title, a.applicant]));
  return {
    key,
    status: resolved.status,
    funded: resolved.applications
      .filter((a) => a.status === 'FUNDED')
      .map((a) => ({
        title: a.title,
        applicant: applicantOf.get(a.title) ?? '',
        granted: a.granted ?? '0',
      })),
    reserve: resolved.applications.filter((a) => a.status === 'RESERVE').map((a) => a.title),
    excluded: resolved.applications.filter((a) => a.status === 'EXCLUDED').map((a) => a.title),
  };
}
