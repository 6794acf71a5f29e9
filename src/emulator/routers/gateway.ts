import { Answer, ErrorRequest } from './types';

/**
 * What answers when the API itself does not: the load balancer's 5xx page, or the plain 404 of a
 * path no API is published at (a wrong endpoint). Neither is JSON, whichever cloud sends it.
 */
export const HTTP_ERROR_CODES = ['gateway-5xx', 'html-404'] as const;

const REASONS: Readonly<Record<number, string>> = {
  404: 'Not Found',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** An nginx-style HTML error page with that status. */
export function htmlPage(status: number, code: string): Answer {
  const title = `${status} ${REASONS[status] ?? 'Error'}`;
  return {
    status,
    body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
    headers: { 'content-type': 'text/html' },
    refusal: code,
  };
}

/** The HTTP-level answer a fault asks for, or undefined when the code is the API's own. */
export function httpError(request: ErrorRequest): Answer | undefined {
  if (request.code === 'gateway-5xx') return htmlPage(request.status, request.code);
  if (request.code === 'html-404') return htmlPage(404, request.code);
  return undefined;
}
