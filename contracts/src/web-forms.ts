import { z } from 'zod';
import { Id, safeText } from './common';

/**
 * Web-form leads into Unsorted (issue 17 part 5). A Head makes a form; its public token goes into
 * an HTML snippet and a JSON endpoint (`POST /api/forms/:token`). A submission finds the contact by
 * phone or email as calls do and attaches to their open deal, or makes a lead in Unsorted.
 */

/** The fields a form may collect, in the order the snippet shows them. */
export const WebFormFieldKey = z.enum(['name', 'phone', 'email', 'company', 'message']);
export type WebFormFieldKey = z.infer<typeof WebFormFieldKey>;

export const WebFormField = z.object({ key: WebFormFieldKey, required: z.boolean() }).strict();
export type WebFormField = z.infer<typeof WebFormField>;

/** An origin as a browser sends it: scheme, host and port, nothing after. */
export const WebOrigin = z
  .string()
  .max(300)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s;
    } catch {
      return false;
    }
  }, 'must be an origin such as https://www.example.com (no path, no trailing slash)');

const HttpUrl = z
  .string()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http or https address');

export const SaveWebFormRequest = z
  .object({
    name: safeText(120).pipe(z.string().min(1)),
    pipelineId: Id,
    fields: z
      .array(WebFormField)
      .min(1)
      .max(5)
      .refine((f) => new Set(f.map((x) => x.key)).size === f.length, 'each field once')
      .refine((f) => f.some((x) => x.key === 'phone' || x.key === 'email'), 'a form collects a phone or an email (the contact is found by them)'),
    /** Where the visitor's browser goes after a plain HTML submission; null: Callboard's own thank-you page. */
    redirectUrl: HttpUrl.nullable(),
    /** The web sites that may post the form (their Origin); any other origin is refused. */
    allowedOrigins: z.array(WebOrigin).max(20),
    active: z.boolean().default(true),
  })
  .strict();
export type SaveWebFormRequest = z.infer<typeof SaveWebFormRequest>;

export const WebForm = z.object({
  id: Id,
  name: z.string(),
  /** Public: it goes into the page's HTML. Not a secret; the origins and rate limits guard the form. */
  publicToken: z.string(),
  pipelineId: Id,
  fields: z.array(WebFormField),
  redirectUrl: z.string().nullable(),
  allowedOrigins: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
  /** Submissions so far: new leads, attached to an open deal, caught by the honeypot. */
  stats: z.object({ created: z.number().int(), attached: z.number().int(), spam: z.number().int(), lastAt: z.string().nullable() }),
});
export type WebForm = z.infer<typeof WebForm>;

const field = (max: number) => z.union([z.string(), z.number()]).transform(String).pipe(safeText(max)).optional();

/**
 * What a page posts (JSON or form-encoded). Names as an HTML form writes them; unknown names are
 * ignored (a site's own hidden inputs). `website_url` is the honeypot: people never fill it.
 */
export const WebFormSubmission = z.object({
  name: field(200),
  phone: field(40),
  email: field(254),
  company: field(200),
  message: field(5000),
  website_url: field(2000),
  page_url: field(2000),
  utm_source: field(200),
  utm_medium: field(200),
  utm_campaign: field(200),
  utm_term: field(200),
  utm_content: field(200),
});
export type WebFormSubmission = z.infer<typeof WebFormSubmission>;

/** The JSON answer to a page: the same whatever happened (a bot learns nothing from it). */
export const WebFormReceipt = z.object({ status: z.literal('received') });
export type WebFormReceipt = z.infer<typeof WebFormReceipt>;
