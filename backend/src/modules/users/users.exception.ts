import { AppException } from '../../common/errors/app.exception';

export class UserException extends AppException {}
