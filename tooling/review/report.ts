/**
 * The review report: `review.md` built from a synthesized output folder alone. Each section is a
 * function returning markdown (see the `section-*.ts` files); this file puts them in the order a
 * reviewer decides in: a summary, what must be decided (the security diff, the open findings of
 * the security checks), the stacks/accounts/apply-order overview, one chapter per stack (who may
 * do what first: policies, then data protection, trails, event routes, alarms, resources), then
 * the topology and the cost. Long tables are folded (`<details>`) so the report reads in a pull request.
 */
import type { CheckReport } from '../checks';
import { type AppStack, loadApp, type SynthesizedApp } from '../model';
import { type ReviewContext, reviewContext } from './context';
import { type CostEstimate, type CostInputName, costEstimate, costSection } from './cost';
import { type SecurityDiff, securityDiffAgainst } from './diff';
import { bucketFacts, eventRoutes, keyFacts, preventsDestroy, storeFacts } from './facts';
import { blocksOf, bullets, code, fmt, heading, plural, slug } from './format';
import {
  alarmsSection,
  auditQueriesSection,
  checksSummaryLine,
  dataProtectionSection,
  eventRoutesSection,
  overviewSection,
  POLICY_LEGEND,
  policiesSection,
  resourcesSection,
  securityChecks,
  securityChecksSection,
  securityDiffLines,
  securityDiffSection,
  topologySection,
  trailsSection,
} from './sections';

/** Counts for the printed summary and the report's first lines. */
export interface ReviewSummary {
  readonly stacks: number;
  readonly accounts: number;
  readonly resources: number;
  readonly policies: number;
  readonly statements: number;
  readonly denyStatements: number;
  readonly buckets: number;
  readonly keys: number;
  readonly trails: number;
  readonly routes: number;
  /** Buckets, keys, log groups, trails and other stores without `prevent_destroy`, as labels. */
  readonly unguarded: readonly string[];
  /** Synth warnings recorded in the manifest. */
  readonly warnings: number;
  readonly applyOrder: readonly string[];
}

export interface Review {
  readonly markdown: string;
  readonly summary: ReviewSummary;
  readonly context: ReviewContext;
  /** The comparison with `--against`, when asked for. */
  readonly diff?: SecurityDiff;
  /** The Cost section's numbers. */
  readonly cost: CostEstimate;
  /** The rule pack over the same folder, or why it did not run. */
  readonly checks: CheckReport | string;
}

export interface ReviewOptions {
  /** A baseline synthesized folder to compare with (the security diff section). */
  readonly against?: string;
  /** Cost inputs that replace what the app recorded at synth (`--cost name=value`). */
  readonly cost?: Partial<Record<CostInputName, number>>;
}

/** The sections of one stack's chapter, in report order. */
export const STACK_SECTIONS = [
  policiesSection,
  dataProtectionSection,
  trailsSection,
  eventRoutesSection,
  alarmsSection,
  auditQueriesSection,
  resourcesSection,
] as const;

/** Reads `outDir` and builds its review (see `buildReview`). */
export function reviewFolder(outDir: string, options: ReviewOptions = {}): Review {
  return buildReview(loadApp(outDir), outDir, options);
}

/** Builds the review of an app; `source` names the folder in the title. */
export function buildReview(app: SynthesizedApp, source = app.outDir, options: ReviewOptions = {}): Review {
  const ctx = reviewContext(app);
  const summary = summarize(ctx);
  const diff = options.against === undefined ? undefined : securityDiffAgainst(options.against, ctx);
  const cost = costEstimate(ctx, options.cost);
  const checks = securityChecks(ctx.resolver);
  const chapters = app.stacks.map((s, i) => ({ title: `${i + 1}. ${s.name}`, body: stackChapter(ctx, s, i + 1) }));
  const contents = [
    ...(diff ? ['Security diff'] : []),
    'Security checks',
    'Stacks, accounts and apply order',
    ...chapters.map((c) => c.title),
    'Topology',
    'Cost',
  ].map((t) => `[${t}](#${slug(t)})`);
  const markdown = blocksOf(
    heading(1, `Review of ${source || 'the synthesized stacks'}`),
    `Read from the synthesized stacks alone (\`cdk.tf.json\` and \`manifest.json\`; no config, no AWS calls): what Terraform will be asked to create, in plain words. What a reviewer must decide comes first (the security diff, the open findings of the security checks), then who may do what (each stack's policies), then the topology and the cost; long tables are folded. Regenerate with \`npm run review -- --out ${source || '<dir>'}\`.`,
    bullets([...(diff ? [securityDiffLines(diff)[0]] : []), checksSummaryLine(checks), ...summaryLines(summary), costSummaryLine(cost)]),
    `Contents: ${contents.join(' · ')}`,
    diff ? securityDiffSection(diff) : '',
    securityChecksSection(checks),
    overviewSection(ctx),
    POLICY_LEGEND,
    ...chapters.map((c) => c.body),
    topologySection(ctx),
    costSection(cost, source),
  );
  return { markdown: `${markdown}\n`, summary, context: ctx, cost, checks, ...(diff ? { diff } : {}) };
}

/** One stack's chapter: where it goes, then each section that has something to say. */
export function stackChapter(ctx: ReviewContext, stack: AppStack, position: number): string {
  const where = [
    `account ${stack.accounts.map(code).join(', ') || 'not pinned'}`,
    `region ${stack.regions.join(', ') || '?'}`,
    `assumes ${stack.roles.map(code).join(', ') || 'nothing (caller credentials)'}`,
    `state ${stack.backend.type}`,
  ].join(' · ');
  return blocksOf(heading(2, `${position}. ${stack.name}`), where, ...STACK_SECTIONS.map((section) => section(ctx, stack)));
}

/** The cost in one line (printed by the command, and atop the report). */
export function costSummaryLine(c: CostEstimate): string {
  return `cost: about $${fmt(c.monthly)} a month ($${fmt(c.monthly * 12)} a year) in steady state, $${fmt(c.firstYear)} in the first 12 months (see Cost)`;
}

/** The summary as short lines (printed by the command, and atop the report). */
export function summaryLines(s: ReviewSummary): string[] {
  return [
    `${plural(s.stacks, 'stack')} in ${plural(s.accounts, 'account')}, ${plural(s.resources, 'resource')}; apply order ${s.applyOrder.join(' → ')}`,
    `${plural(s.policies, 'policy', 'policies')} with ${plural(s.statements, 'statement')} (${s.denyStatements} Deny)`,
    `${plural(s.buckets, 'bucket')}, ${plural(s.keys, 'KMS key')}, ${plural(s.trails, 'trail')}, ${plural(s.routes, 'event route')}`,
    s.unguarded.length > 0
      ? `without prevent_destroy: ${s.unguarded.join(', ')}`
      : 'every bucket, key, trail and store has prevent_destroy',
    ...(s.warnings > 0 ? [`${plural(s.warnings, 'synth warning')} (see Notes recorded at synth)`] : []),
  ];
}

function summarize(ctx: ReviewContext): ReviewSummary {
  const { app, policies, resolver } = ctx;
  const buckets = app.stacks.flatMap((s) => bucketFacts(ctx, s));
  const keys = app.stacks.flatMap((s) => keyFacts(ctx, s));
  const stores = app.stacks.flatMap((s) => storeFacts(ctx, s));
  const trails = app.stacks.flatMap((s) => s.resources.filter((r) => r.type === 'aws_cloudtrail'));
  const unguarded = [
    ...buckets.filter((b) => !b.preventDestroy).map((b) => b.resource),
    ...keys.filter((k) => !k.preventDestroy).map((k) => k.resource),
    ...stores.filter((x) => !x.preventDestroy && x.keepsData).map((x) => x.resource),
    ...trails.filter((t) => !preventsDestroy(t)),
  ].map((r) => resolver.label(r));
  const statements = policies.flatMap((p) => p.statements);
  return {
    stacks: app.stacks.length,
    accounts: new Set(app.stacks.flatMap((s) => s.accounts)).size,
    resources: app.stacks.reduce((n, s) => n + s.resources.length, 0),
    policies: policies.length,
    statements: statements.length,
    denyStatements: statements.filter((s) => s.effect === 'Deny').length,
    buckets: buckets.length,
    keys: keys.length,
    trails: trails.length,
    routes: app.stacks.reduce((n, s) => n + eventRoutes(ctx, s).length, 0),
    unguarded,
    warnings: app.stacks.reduce((n, s) => n + s.notes.filter((x) => x.level === 'warn' || x.level === 'warning').length, 0),
    applyOrder: app.stacks.map((s) => s.name),
  };
}
