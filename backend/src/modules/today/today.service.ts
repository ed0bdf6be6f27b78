import { Injectable } from '@nestjs/common';
import type { DismissTodayItemRequest, TeamTodayFigures, TodayList, TodayQuery } from '@callboard/contracts';
import { type Actor, isHead } from '../../common/access/access.decorators';
import { Clock } from '../../common/clock/clock';
import { AppException } from '../../common/errors/app.exception';
import { UsersService } from '../users/users.service';
import { TeamFiguresRepository } from './team-figures.repository';
import { TodayRepository } from './today.repository';

/** A Seller's today list; a Head may look at any Seller's. */
@Injectable()
export class TodayService {
  constructor(
    private readonly repo: TodayRepository,
    private readonly team: TeamFiguresRepository,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, q: TodayQuery): Promise<TodayList> {
    const userId = q.userId ?? actor.id;
    let role = isHead(actor) ? ('head' as const) : ('seller' as const);
    if (userId !== actor.id) {
      if (!isHead(actor)) throw new AppException('FORBIDDEN', "A Seller sees only their own today list");
      const user = await this.users.findActive(userId);
      if (!user) throw new AppException('USER_NOT_FOUND', 'No such user');
      role = user.role; // a Head looking at a Seller's list sees what that Seller sees
    }
    const [today, yesterday] = await Promise.all([this.clock.today(), this.clock.today(-1)]);
    const [wrapUps, items] = await Promise.all([this.repo.wrapUps(userId), this.repo.items(userId, this.clock.now(), today, yesterday, undefined, role)]);
    // calls still to wrap up come first: they are fresh in the rep's mind
    return { userId, date: today.date, items: [...wrapUps, ...items] };
  }

  /** "Done" on a row that is not a task: off the caller's own list until tomorrow. */
  async dismiss(actor: Actor, input: DismissTodayItemRequest): Promise<void> {
    const { date } = await this.clock.today();
    const ok = await this.repo.dismiss(actor.id, isHead(actor) ? 'head' : 'seller', input, date);
    if (!ok) throw new AppException('DEAL_NOT_FOUND', 'No such deal');
  }

  /** Each active rep's figures for today; the route is the Heads' (see TeamController). */
  async teamFigures(actor: Actor): Promise<TeamTodayFigures> {
    if (!isHead(actor)) throw new AppException('FORBIDDEN', 'Only a Head sees the team’s figures');
    const today = await this.clock.today();
    return { date: today.date, reps: await this.team.figures(actor, today.start, today.end) };
  }
}
