import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { OrganizationConfig } from './config/schema';
import { accountProvider } from './providers';
import type { StackContext } from './registry';
import { configureBackend, readStackOutputs, type StackOutputs, stateLocation } from './state';

/**
 * The base of every stack of the app: one account and region from the registry, its backend
 * (state location from the config) and a provider that assumes the deployment role there.
 */
export abstract class AccountStack extends TerraformStack {
  public readonly accountId: string;
  public readonly region: string;
  /** What the account does (the registry's role, for summaries). */
  public readonly role: string;
  public readonly provider: AwsProvider;
  protected readonly config: OrganizationConfig;
  private readonly context: StackContext;

  constructor(scope: Construct, context: StackContext) {
    super(scope, context.definition.name);
    this.context = context;
    this.config = context.config;
    this.accountId = context.definition.accountId;
    this.region = context.definition.region;
    this.role = context.definition.role;
    configureBackend(this, stateLocation(context.config, context.definition.name, context));
    this.provider = accountProvider(this, 'Aws', context.config, { accountId: this.accountId, region: this.region });
  }

  /** Outputs of another stack of this app, read from its state (`terraform_remote_state`). */
  protected outputsOf(stackName: string, id: string): StackOutputs {
    return readStackOutputs(this, id, stateLocation(this.config, stackName, this.context));
  }

  /** An output with a stable name (`staticId`), as other stacks and scripts read it. */
  protected output(name: string, value: string | string[] | Record<string, string>, description: string): TerraformOutput {
    return new TerraformOutput(this, name, { value, description, staticId: true });
  }
}
