import { Controller, Options, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { WebFormReceipt } from '@callboard/contracts';
import { Public } from '../../common/access/access.decorators';
import type { FormRecord } from './web-forms.repository';
import { WebFormsService } from './web-forms.service';

/** What a page's script may send and read (a plain HTML form needs none of it). */
function allowCors(res: Response, origin: string | null): void {
  res.setHeader('Vary', 'Origin');
  if (!origin) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Methods', 'POST');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
  res.setHeader('Access-Control-Max-Age', '600');
}

const originOf = (req: Request): string | null => {
  const o = req.headers.origin;
  // "null" is what sandboxed frames and file: pages send: no site to allow
  return typeof o === 'string' && o !== '' ? o : null;
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The public side of web forms (issue 17 part 5): `POST /api/forms/:token` from the snippet's HTML
 * form (form-encoded: the browser goes on to the form's thank-you page) or from a script (JSON:
 * `{status: "received"}`); CORS only for the origins the form lists.
 */
@Controller('forms')
export class PublicFormsController {
  constructor(private readonly forms: WebFormsService) {}

  @Options(':token')
  @Public()
  async preflight(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.forms.openForm(token, originOf(req));
    allowCors(res, originOf(req));
    res.status(204).end();
  }

  @Post(':token')
  @Public()
  async submit(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const origin = originOf(req);
    const form: FormRecord = await this.forms.openForm(token, origin);
    // from here on the page's script may read the answer, errors included
    allowCors(res, origin);
    await this.forms.submit(form, req.body, { origin, address: req.ip ?? req.socket.remoteAddress ?? 'unknown' });
    if (!req.is('application/x-www-form-urlencoded')) {
      res.status(201).json({ status: 'received' } satisfies WebFormReceipt);
      return;
    }
    if (form.redirectUrl) {
      res.redirect(303, form.redirectUrl);
      return;
    }
    const t = await this.forms.thanks();
    res
      .status(200)
      .type('html')
      .send(`<!doctype html><html lang="${escapeHtml(t.lang)}"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(t.title)}</title><p>${escapeHtml(t.body)}</p></html>`);
  }
}
