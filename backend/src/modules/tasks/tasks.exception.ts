import { AppException } from '../../common/errors/app.exception';

export class TaskException extends AppException {}
