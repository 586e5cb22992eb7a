import type { AccessService } from '../services/access.service.js';
import type { ContextService } from '../services/context.service.js';
import type { DirectoryService } from '../services/directory.service.js';
import type { FormatService } from '../services/format.service.js';
import type { ModelService } from '../services/model.service.js';
import type { SessionService } from '../services/session.service.js';
import type { TokenService } from '../services/token.service.js';
import type { VersionService } from '../services/version.service.js';

/** What the HTTP layer may call. Routes hold no state and talk to nothing else. */
export interface Services {
  readonly access: AccessService;
  readonly contexts: ContextService;
  readonly directory: DirectoryService;
  readonly formats: FormatService;
  readonly models: ModelService;
  readonly sessions: SessionService;
  readonly tokens: TokenService;
  readonly versions: VersionService;
}
