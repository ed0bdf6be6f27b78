import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { type LeadDetails, type SaveWebFormRequest, type WebForm, WebFormSubmission } from '@callboard/contracts';
import { z } from 'zod';
import { type Actor, isHead } from '../../common/access/access.decorators';
import { Transactions } from '../../common/database/transactions';
import { DomainEvents } from '../../common/events/domain-events';
import { PendingEvents } from '../../common/events/pending-events';
import { ContactsService } from '../contacts/contacts.service';
import { DealsService } from '../deals/deals.service';
import { Translator } from '../i18n/translator.service';
import { PipelinesService } from '../pipelines/pipelines.service';
import { WebFormLimits } from './web-form-limits';
import { WebFormException } from './web-forms.exception';
import { type FormRecord, WebFormsRepository } from './web-forms.repository';

/** Who posted: the page's Origin (null for a server-to-server post) and the sender's address. */
export interface Sender {
  origin: string | null;
  address: string;
}

export type SubmissionOutcome = 'created' | 'attached' | 'spam';

const Email = z.email().max(254);

/**
 * Web-form leads (issue 17 part 5). Heads keep the forms; the public endpoint turns a post into a
 * lead in Unsorted (or a timeline entry on the contact's open deal), after the checks that keep
 * bots and other sites out: the form's origins, the rate limits, the honeypot, the sizes.
 */
@Injectable()
export class WebFormsService {
  private readonly logger = new Logger(WebFormsService.name);

  constructor(
    private readonly repo: WebFormsRepository,
    private readonly limits: WebFormLimits,
    private readonly deals: DealsService,
    private readonly contacts: ContactsService,
    private readonly pipelines: PipelinesService,
    private readonly translator: Translator,
    private readonly tx: Transactions,
    private readonly events: DomainEvents,
  ) {}

  list(actor: Actor): Promise<WebForm[]> {
    this.headOnly(actor);
    return this.repo.list();
  }

  async create(actor: Actor, input: SaveWebFormRequest): Promise<WebForm> {
    this.headOnly(actor);
    await this.pipelines.stagesOf(input.pipelineId);
    const id = await this.repo.insert(input, randomBytes(18).toString('base64url'), actor.id);
    this.logger.log(`web form ${id} created by ${actor.id}`);
    return (await this.repo.get(id))!;
  }

  async update(actor: Actor, id: string, input: SaveWebFormRequest): Promise<WebForm> {
    this.headOnly(actor);
    await this.pipelines.stagesOf(input.pipelineId);
    if (!(await this.repo.update(id, input))) throw new WebFormException('WEB_FORM_NOT_FOUND', 'No such web form');
    return (await this.repo.get(id))!;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    this.headOnly(actor);
    if (!(await this.repo.remove(id))) throw new WebFormException('WEB_FORM_NOT_FOUND', 'No such web form');
    this.logger.log(`web form ${id} deleted by ${actor.id}`);
  }

  /** A live form and whether `origin` may use it (CORS preflight and every post). */
  async openForm(token: string, origin: string | null): Promise<FormRecord> {
    const form = /^[A-Za-z0-9_-]{10,64}$/.test(token) ? await this.repo.byToken(token) : null;
    if (!form || !form.active) throw new WebFormException('WEB_FORM_NOT_FOUND', 'No such web form');
    if (origin !== null && !form.allowedOrigins.includes(origin)) {
      throw new WebFormException('ORIGIN_NOT_ALLOWED', 'This web site may not post this form');
    }
    return form;
  }

  /**
   * One post to a form {@link openForm} let through for the sender's origin. The order matters: the
   * rate limits first (a flood costs one lookup each), then the honeypot (a bot is told "received",
   * and it is counted), then the fields.
   */
  async submit(form: FormRecord, body: unknown, sender: Sender): Promise<SubmissionOutcome> {
    const senderHash = createHash('sha256').update(`${form.id}:${sender.address}`).digest('hex');
    const wait = await this.limits.take(form.id, senderHash);
    if (wait !== null) throw new WebFormException('RATE_LIMITED', 'Too many submissions; try again later', { retryAfterSeconds: wait });
    const parsed = WebFormSubmission.safeParse(body ?? {});
    if (!parsed.success) {
      throw new WebFormException('VALIDATION_FAILED', 'Some fields are not valid', parsed.error.issues.map((i) => ({ path: i.path, message: i.message })));
    }
    const s = parsed.data;
    if (s.website_url) {
      await this.repo.logSubmission({ formId: form.id, outcome: 'spam', dealId: null, contactId: null, origin: sender.origin, senderHash, data: { honeypot: true } });
      this.logger.warn(`web form ${form.id}: a post filled the honeypot (counted as spam)`);
      return 'spam';
    }
    const lead = await this.readLead(form, s);
    const pending = new PendingEvents();
    const words = await this.translator.teamWords();
    const result = await this.tx.run(async (tx) => {
      const contact = await this.contacts.findOrCreateForLead({ e164: lead.e164, email: lead.email, name: lead.name, company: lead.company }, tx);
      const [open] = contact.created ? [] : await this.deals.openDealsOfContact(contact.id, tx);
      const entry = { formId: form.id, formName: form.name, pageUrl: lead.details.pageUrl, utm: lead.details.utm, message: lead.message };
      let dealId: string;
      let outcome: SubmissionOutcome;
      if (open) {
        dealId = open.id;
        outcome = 'attached';
        await this.deals.addTimelineEvent(dealId, 'web_form', null, { ...entry, attached: true }, tx);
        // the boards and the deal page hear of it (the card's "updated" moves; its owner sees the entry)
        await this.deals.changeManyAsSystem([{ dealId, change: {}, pending }], tx);
      } else {
        const from = lead.name || lead.e164 || lead.email;
        const title = (from ? words.t('forms.deal.title', { from }) : words.t('forms.deal.titleUnknown')).slice(0, 200);
        const deal = await this.deals.createAsSystem(
          { title, contactId: contact.id, source: 'web_form', stageKey: 'unsorted', pipelineId: form.pipelineId, leadDetails: lead.details },
          tx,
          pending,
          { formId: form.id },
        );
        dealId = deal.id;
        outcome = 'created';
        await this.deals.addTimelineEvent(dealId, 'web_form', null, entry, tx);
      }
      await this.repo.logSubmission(
        { formId: form.id, outcome, dealId, contactId: contact.id, origin: sender.origin, senderHash, data: { ...entry, name: lead.name, phone: lead.e164, email: lead.email } },
        tx,
      );
      return { dealId, outcome };
    });
    pending.publish(this.events);
    this.logger.log(`web form ${form.id}: deal ${result.dealId} ${result.outcome}`);
    return result.outcome;
  }

  /** The post's fields, checked against the form: required ones present, a valid number or email. */
  private async readLead(form: FormRecord, s: WebFormSubmission) {
    const given = { name: s.name || null, phone: s.phone || null, email: s.email || null, company: s.company || null, message: s.message || null };
    const collected = new Set(form.fields.map((f) => f.key));
    const missing = form.fields.filter((f) => f.required && !given[f.key]).map((f) => f.key);
    if (missing.length) {
      throw new WebFormException('VALIDATION_FAILED', `Please fill in: ${missing.join(', ')}`, missing.map((key) => ({ path: [key], message: 'required' })));
    }
    const phone = collected.has('phone') ? given.phone : null;
    const e164 = phone ? await this.contacts.normalize(phone) : null;
    if (phone && !e164) throw new WebFormException('INVALID_PHONE', 'That is not a phone number', [{ path: ['phone'], message: 'not a phone number' }]);
    const emailText = collected.has('email') && given.email ? given.email.toLowerCase() : null;
    if (emailText && !Email.safeParse(emailText).success) throw new WebFormException('VALIDATION_FAILED', 'That is not an email address', [{ path: ['email'], message: 'not an email address' }]);
    if (!e164 && !emailText) throw new WebFormException('VALIDATION_FAILED', 'Give a phone number or an email address', [{ path: ['phone'], message: 'required' }]);
    const details: LeadDetails = {
      formId: form.id,
      formName: form.name,
      pageUrl: s.page_url || null,
      utm: { source: s.utm_source || null, medium: s.utm_medium || null, campaign: s.utm_campaign || null, term: s.utm_term || null, content: s.utm_content || null },
    };
    return {
      name: (collected.has('name') && given.name) || e164 || emailText || '',
      e164,
      email: emailText,
      company: collected.has('company') ? given.company : null,
      message: collected.has('message') ? given.message : null,
      details,
    };
  }

  /** What a plain HTML post's browser sees after it: the form's page, or ours in the team's language. */
  async thanks(): Promise<{ title: string; body: string; lang: string }> {
    const words = await this.translator.teamWords();
    return { title: words.t('forms.thanks.title'), body: words.t('forms.thanks.body'), lang: words.language };
  }

  private headOnly(actor: Actor): void {
    if (!isHead(actor)) throw new WebFormException('FORBIDDEN', 'Only a Head manages web forms');
  }
}
