/**
 * genimage's internal helpers shared by its modules (argument checks). Not part of the public API: the module
 * exports this package only to genimage's own modules, and it may change without notice.
 */
package org.genimage.api.internal;
