import { AppException } from '../../common/errors/app.exception';

export class PipelineException extends AppException {}
