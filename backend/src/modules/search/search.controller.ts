import { Controller, Get, Query } from '@nestjs/common';
import { SearchQuery, type SearchResults } from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser, ApiKeyScope } from '../../common/access/access.decorators';
import { ZodPipe } from '../../common/validation/zod.pipe';
import { SearchService } from './search.service';

@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  /** Contacts and deals matching `q` that the user may see (ADR 0022). */
  @Get()
  @ApiKeyScope('deals', 'contacts')
  @Authenticated()
  find(@CurrentUser() actor: Actor, @Query(new ZodPipe(SearchQuery)) query: SearchQuery): Promise<SearchResults> {
    return this.search.search(actor, query);
  }
}
