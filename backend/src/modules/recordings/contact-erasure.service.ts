import { Injectable, Logger } from '@nestjs/common';
import type { ContactErasureResult } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { Transactions } from '../../common/database/transactions';
import { AppException } from '../../common/errors/app.exception';
import { Translator } from '../i18n/translator.service';
import { ContactErasureRepository } from './contact-erasure.repository';
import { RecordingFiles } from './recording-files';

/**
 * An erasure request (GDPR art. 17), by a Head: the contact and their phone numbers are deleted,
 * the recordings of their calls too (rows in the transaction, files after commit). What the team
 * needs and is not the person's stays, without them: calls (numbers and name removed, for the
 * figures), deals, offers and orders (unlinked; a deal title naming them is rewritten).
 */
@Injectable()
export class ContactErasureService {
  private readonly logger = new Logger(ContactErasureService.name);

  constructor(
    private readonly repo: ContactErasureRepository,
    private readonly files: RecordingFiles,
    private readonly tx: Transactions,
    private readonly translator: Translator,
  ) {}

  async erase(actor: Actor, contactId: string): Promise<ContactErasureResult> {
    const erased = (await this.translator.teamWords()).t('contact.erased');
    const outcome = await this.tx.run(
      async (tx) => {
        const contact = await this.repo.lockContact(contactId, tx);
        if (!contact) throw new AppException('CONTACT_NOT_FOUND', 'No such contact');
        const phones = await this.repo.phonesOf(contactId, tx);
        const calls = await this.repo.callsOf(contactId, tx);
        const recordings = await this.repo.deleteRecordings(calls.map((c) => c.id), tx);
        const callsAnonymised = await this.repo.anonymiseCalls(calls.map((c) => c.id), tx);
        await this.repo.scrubCallEntries(calls.map((c) => c.sipCallId), tx);
        const dealsUnlinked = await this.repo.unlinkDeals(contactId, [contact.name, ...phones], erased, tx);
        await this.repo.deleteContact(contactId, tx);
        return { recordings, callsAnonymised, dealsUnlinked };
      },
      { retry: true, label: `erasure of contact ${contactId}` },
    );
    // files after commit: a rolled-back erasure keeps them; a crash in between leaves files no row names (see docs/recordings.md)
    let filesDeleted = 0;
    for (const r of outcome.recordings) {
      if (!r.filePath) continue;
      try {
        if (await this.files.remove(r.filePath)) filesDeleted++;
      } catch (err) {
        this.logger.error(`erasure of contact ${contactId}: file of recording ${r.id} not deleted: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.logger.log(
      `contact ${contactId} erased by ${actor.id}: ${outcome.recordings.length} recording(s) (${filesDeleted} file(s)), ${outcome.callsAnonymised} call(s) anonymised, ${outcome.dealsUnlinked} deal(s) unlinked`,
    );
    return { contactId, recordingsDeleted: outcome.recordings.length, filesDeleted, callsAnonymised: outcome.callsAnonymised, dealsUnlinked: outcome.dealsUnlinked };
  }
}
