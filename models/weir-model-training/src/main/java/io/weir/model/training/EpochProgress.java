// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tribuo.common.sgd.AbstractSGDTrainer;

/**
 * Turns Tribuo's SGD loss log lines into per-epoch progress messages. Tribuo has no training callback; its SGD
 * trainers log {@code "At iteration N, average loss = L"} (java.util.logging, INFO) every {@code loggingInterval}
 * steps, so a trainer built with one epoch's steps as the interval logs once per epoch. Despite its name, {@code L}
 * is the average log-likelihood of the true labels for Tribuo's {@code LogMulticlass} objective (its "loss" is
 * {@code log p(truth)}), so the message reports {@code −L}, the usual log loss. This handler is attached to
 * that logger for the duration of one training and only passes on records of the training thread, so concurrent
 * trainings do not see each other's epochs. If the logger is configured above INFO there are no epoch messages.
 */
final class EpochProgress implements AutoCloseable {

    private static final Pattern LOSS = Pattern.compile("At iteration (\\d+), average loss = (\\S+)");

    private final Logger logger;
    private final Handler handler;

    /**
     * @param listener where the epoch messages go
     * @param stepsPerEpoch the trainer's logging interval: optimiser steps in one epoch
     * @param epochs the number of epochs
     */
    EpochProgress(ProgressListener listener, int stepsPerEpoch, int epochs) {
        this.logger = Logger.getLogger(AbstractSGDTrainer.class.getName());
        long thread = Thread.currentThread().getId();
        this.handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (record.getLongThreadID() != thread || message == null) {
                    return;
                }
                Matcher m = LOSS.matcher(message);
                if (m.matches()) {
                    long epoch = Long.parseLong(m.group(1)) / stepsPerEpoch;
                    listener.progress(String.format(Locale.ROOT, "epoch %d/%d: log loss %.6f", epoch, epochs,
                            -Double.parseDouble(m.group(2))));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
