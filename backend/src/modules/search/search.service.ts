import { Injectable } from '@nestjs/common';
import type { SearchQuery, SearchResults } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { SearchRepository } from './search.repository';

/** The digits of what was typed when there are 3 or more (a number in any format: "44 33", "+36-20-4433"). */
export function digitsOf(q: string): string | null {
  const digits = q.replace(/\D+/g, '');
  return digits.length >= 3 ? digits : null;
}

@Injectable()
export class SearchService {
  constructor(private readonly repo: SearchRepository) {}

  async search(actor: Actor, query: SearchQuery): Promise<SearchResults> {
    const terms = { text: await this.repo.fold(query.q), digits: digitsOf(query.q), limit: query.limit };
    const [contacts, deals] = await Promise.all([this.repo.contacts(actor, terms), this.repo.deals(actor, terms)]);
    return { contacts, deals };
  }
}
