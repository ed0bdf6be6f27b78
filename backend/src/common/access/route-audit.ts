import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { ApiKeyResource } from '@callboard/contracts';
import { ACCESS_KEY, API_KEY_SCOPE, type Access } from './access.decorators';

export interface RouteInfo {
  method: string;
  path: string;
  handler: string;
  access: Access | null;
  /** The API-key areas the route belongs to (`@ApiKeyScope`); empty: never opened by a key. */
  apiKeyScope: ApiKeyResource[];
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD', 'SEARCH'];

/**
 * Lists every HTTP route with its access declaration, and refuses to let the app boot when
 * one has none (Twenty lints this; we check it where it cannot be forgotten).
 */
@Injectable()
export class RouteAudit implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const missing = this.routes().filter((r) => !r.access);
    if (missing.length) {
      const list = missing.map((r) => `${r.method} ${r.path} (${r.handler})`).join(', ');
      throw new Error(`Routes without an access decorator: ${list}`);
    }
  }

  routes(): RouteInfo[] {
    const out: RouteInfo[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const base = normalise(Reflect.getMetadata('path', metatype));
      const proto = Object.getPrototypeOf(instance);
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const fn = proto[name];
        const path = Reflect.getMetadata('path', fn);
        const method = Reflect.getMetadata('method', fn);
        if (path === undefined || method === undefined) continue;
        const access =
          this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [fn, metatype]) ?? null;
        out.push({
          method: METHODS[method] ?? String(method),
          path: `/api${joinPath(base, normalise(path))}`,
          handler: `${metatype.name}.${name}`,
          access,
          apiKeyScope: this.reflector.getAllAndOverride<ApiKeyResource[] | undefined>(API_KEY_SCOPE, [fn, metatype]) ?? [],
        });
      }
    }
    return out;
  }
}

function normalise(p: string | string[] | undefined): string {
  const s = Array.isArray(p) ? p[0] : (p ?? '');
  return s === '/' ? '' : s.replace(/^\/?/, '/').replace(/\/$/, '');
}

function joinPath(a: string, b: string): string {
  return `${a}${b}` || '/';
}
